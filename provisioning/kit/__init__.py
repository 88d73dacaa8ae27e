"""The offline USB kit and the installer's settings: ``qpfleet kit build`` and ``qpfleet kit collect``.

A kit carries, for one enterprise, the Windows-side collector, the evaluator generated from the
profile, the installer and its settings (``settings.build_settings``, which the fleet modules call
too), the QP MSI and a manifest of SHA-256 sums. Back at base ``kit collect`` re-judges what the kit
saved and records it in the one state database (route ``kit``).
"""
