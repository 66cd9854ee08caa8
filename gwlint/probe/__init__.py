"""The end-to-end probe (``gwlint check --probe``): the guide's "test the complete flow".

It fetches the authorizer's discovery document, requests a token exactly as
the guide's client does, reads the token, and asks the gateway for its tools.
Each step is a GW7xx rule; this package holds the exchanges, the rules hold
the verdicts. ``requests``, PyJWT and botocore are imported only when a probe
runs: the offline path (pre-commit) must stay free of them.
"""
