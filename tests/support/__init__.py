"""Real network servers (OpenID Connect provider, SMTP) that tests run on 127.0.0.1 instead of mocks."""
