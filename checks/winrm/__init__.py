"""Remote preflight over WinRM (pywinrm ``run_cmd`` style: cmd.exe and cscript, no PowerShell).

``commands`` builds the exact cmd.exe lines (pure), ``clockref`` turns a collector's clock into a
clock probe (pure), ``remote`` runs the collector on one host, ``fleet`` runs many hosts in a pool.
"""
