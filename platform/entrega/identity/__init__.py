"""Identity: people, their roles in each government, sign-in, API tokens, and what each role may do."""
