"""The NumPy core: never imports textual, rich or plotext."""
