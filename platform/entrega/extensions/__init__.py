"""The plugin host: the hook specifications (the plugins' whole contract) and the loader."""
