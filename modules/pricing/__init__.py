"""AWS prices (each with its unit, check date and source) and the course's cost formulas.

- `table`: the price table and the free allowances, region us-east-1;
- `formulas`: pure functions from usage to `Decimal` US dollars;
- `money`: amounts and quantities written per language, never showing a cost as zero;
- `render`: Markdown tables of prices, allowances and cost breakdowns;
- `macros`: what the pages call through mkdocs-macros.
"""
