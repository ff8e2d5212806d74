"""Tenancy: governments, their ministries, and the binding that keeps each one's rows its own."""

# The binding's session events must be installed before any session runs.
from entrega.tenancy import binding as binding
