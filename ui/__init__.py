from .pyside_guard import protect_none

protect_none()  # before any Qt call of the app: see pyside_guard
