"""Encrypting secrets at rest (identity providers' client secrets) with a key from the environment."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


class SecretsBox:
    def __init__(self, key: str | None) -> None:
        self._fernet = Fernet(key.encode()) if key else None

    def encrypt(self, plaintext: str) -> str:
        if self._fernet is None:
            raise RuntimeError("ENTREGA_ENCRYPTION_KEY is not set: secrets cannot be stored")
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        if self._fernet is None:
            raise RuntimeError("ENTREGA_ENCRYPTION_KEY is not set: secrets cannot be read")
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken as error:
            raise RuntimeError("a stored secret does not decrypt with ENTREGA_ENCRYPTION_KEY") from error


def new_key() -> str:
    return Fernet.generate_key().decode()
