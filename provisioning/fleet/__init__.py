"""Fleet operations through Ansible: preflight and install a whole site with ansible-runner.

``credentials`` resolves a registry credential name to an account (vault variables or the
environment); ``hostcheck`` is what the controller-side module ``qpfleet.fleet.qp_facts`` runs for
one terminal; ``selection`` turns ``--limit`` into hosts; ``engine`` drives ansible-runner;
``results`` turns runner events into per-host results in the state database; ``report`` renders them.
"""
