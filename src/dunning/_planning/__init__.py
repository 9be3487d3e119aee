"""The planning layer: strategies, plan values, stops, commitments, placement and the planner.

Pure: it reads the policy and the history and returns plans; it renders nothing itself (a
``Planner(templates=...)`` engine is called through the :class:`~dunning._planning._ports.Renderer`
port) and sends nothing.
"""
