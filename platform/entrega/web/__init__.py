"""The web shell: layout, navigation, languages, error pages, security headers."""
