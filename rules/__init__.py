"""gwlint's built-in rule pack: one module per checklist item.

Registered through the ``gwlint.rules`` entry point exactly as a third-party
pack would be; the engine imports every module in this package.
"""
