"""The five lessons, one folder each; `catalog` describes them without importing them."""
