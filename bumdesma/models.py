"""Models of this app arrive with its issue; the app is importable so later work plugs in."""
