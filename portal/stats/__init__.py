"""/stats: the portal's own recall and release counts beside regulators' published totals."""
