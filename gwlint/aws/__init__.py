"""Live mode: read the deployed state from the AWS account.

Everything that touches boto3 lives in this package, and nothing outside it
imports it except the CLI when ``--live`` is given, so an offline run (the
pre-commit hook) never pays for importing boto3. Install it with
``pip install 'gwlint[live]'``.

- :mod:`gwlint.aws.facts`: :class:`AwsFacts`, the cached, read-only,
  thread-safe facade the live rules read through.
- :mod:`gwlint.aws.readonly`: the botocore hook that refuses anything but
  Get/List/Describe operations.
- :mod:`gwlint.aws.source`: builds Deployment models from deployed gateways.
- :mod:`gwlint.aws.policy`: the least-privilege IAM policy ``--live`` needs.
"""
