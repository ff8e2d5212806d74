"""The bank's side: institutions (the banks), their specialists, and their engagements with governments."""
