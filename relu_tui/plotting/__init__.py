"""PlotSpec data and the one module that draws it with plotext."""
