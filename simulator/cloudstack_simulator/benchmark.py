"""Figures for the simulator: start-up with --instances N, listVirtualMachines page times, parallel calls.

    PYTHONPATH=simulator python -m cloudstack_simulator.benchmark [--instances 10000] [--clients 8]

Uses the `cs` library as the client (as the collection does); prints figures, asserts nothing.
"""
import argparse
import statistics
import threading
import time

from cs import CloudStack

from .process import SimulatorProcess


def page_times(api, pagesize):
    times, page, total = [], 1, None
    while True:
        start = time.perf_counter()
        body = api.listVirtualMachines(listall=True, page=page, pagesize=pagesize)
        times.append(time.perf_counter() - start)
        total = body.get("count", 0)
        if page * pagesize >= total:
            return times, total
        page += 1


def parallel_calls(sim, clients, calls):
    def worker():
        api = CloudStack(endpoint=sim.endpoint, key=sim.key, secret=sim.secret)
        for _call in range(calls):
            api.listZones()

    threads = [threading.Thread(target=worker) for _client in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients * calls / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=10000)
    parser.add_argument("--pagesize", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    start = time.perf_counter()
    with SimulatorProcess("--instances", str(args.instances)) as sim:
        print("start-up with --instances %d: %.2f s" % (args.instances, time.perf_counter() - start))
        api = CloudStack(endpoint=sim.endpoint, key=sim.key, secret=sim.secret)
        for run in ("first", "second"):  # the second pass is served from the rendered-view cache
            times, total = page_times(api, args.pagesize)
            print("listVirtualMachines listall=true, %s pass: %d instances in %d pages of %d; per page median "
                  "%.3f s, max %.3f s" % (run, total, len(times), args.pagesize, statistics.median(times), max(times)))
        print("listZones from %d parallel clients: %.0f calls/s"
              % (args.clients, parallel_calls(sim, args.clients, args.calls)))


if __name__ == "__main__":
    main()
