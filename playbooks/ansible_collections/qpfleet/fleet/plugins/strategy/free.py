"""Strategy plugin qpfleet.fleet.free: Ansible's free strategy that keeps reporting while all forks are busy.

With more terminals than forks, Ansible's strategies wait for a free worker inside ``_queue_task`` in
a 0.1 ms spin loop that processes no results: the controller burns a core, and the results of the
terminals that finished meanwhile (their callbacks, hence ansible-runner's events, our progress and
the state database) wait until the last terminal has been queued. This strategy waits for a worker
by processing results every few milliseconds instead, and hands them to the free strategy's loop as
its own next results. Everything else is the free strategy.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: free
short_description: The free strategy, reporting each terminal's result while waiting for a fork
description:
  - Like ansible.builtin.free (each host runs ahead on its own), but while every fork is busy it
    processes finished results instead of spinning, so callbacks (ansible-runner events, progress)
    arrive when a terminal finishes and the controller does not burn a core waiting.
author: qpfleet maintainers
"""

import time

from ansible.plugins.strategy.free import StrategyModule as FreeStrategyModule

_WAIT = 0.005


class StrategyModule(FreeStrategyModule):
    def run(self, iterator, play_context):
        self._qp_iterator = iterator
        self._qp_stash = []
        return super().run(iterator, play_context)

    def _qp_free_worker(self):
        return any(w is None or not w.is_alive() for w in self._workers)

    def _queue_task(self, host, task, task_vars, play_context):
        if getattr(task, "throttle", 0) or not hasattr(self, "_qp_iterator"):
            return super()._queue_task(host, task, task_vars, play_context)
        while not self._qp_free_worker() and not self._tqm._terminated:
            self._qp_stash.extend(super()._process_pending_results(self._qp_iterator))
            time.sleep(_WAIT)
        return super()._queue_task(host, task, task_vars, play_context)

    def _process_pending_results(self, iterator, one_pass=False, max_passes=None):
        stashed, self._qp_stash = getattr(self, "_qp_stash", []), []
        return stashed + super()._process_pending_results(iterator, one_pass=one_pass, max_passes=max_passes)
