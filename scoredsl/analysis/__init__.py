"""Analysis stages over the evaluator's results: outcomes, the rule matrix, backtest, fit."""
