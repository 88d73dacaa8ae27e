"""The carrier selector: measure Netcom (网通) and Telecom (电信) from the terminal, decide, apply, undo."""
