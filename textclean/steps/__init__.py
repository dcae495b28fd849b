"""The built-in steps, one plugin module each, registered like any third-party plugin."""
