# Python's threading primitives under `heisen run`: a correct program, which must stay silent.
# CPython builds Lock, Event, Condition and Thread.join on semaphores, and takes its GIL with a
# condition variable and timed waits: producers and consumers on a Condition, an Event set by one
# thread for others that hold a Lock nobody else needs while they wait, a Barrier, a Queue, and
# joins; and a thread pool whose main thread waits on 200 futures at once (as_completed()
# holds all their condition locks together, past heisen's held stack).
import concurrent.futures
import queue
import threading

items = []
cond = threading.Condition()
ready = threading.Event()
private = threading.Lock()
barrier = threading.Barrier(3)
results = queue.Queue()


def consume(n):
    for _ in range(50):
        with cond:
            while not items:
                cond.wait()
            items.pop()
    with private:
        ready.wait()
    barrier.wait()
    results.put(n)


consumers = [threading.Thread(target=consume, args=(n,)) for n in range(2)]
for t in consumers:
    t.start()
for _ in range(100):
    with cond:
        items.append(1)
        cond.notify()
ready.set()
barrier.wait()
done = sorted(results.get() for _ in consumers)
for t in consumers:
    t.join()
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(pow, n, 2) for n in range(200)]
    assert sum(f.result() for f in concurrent.futures.as_completed(futures)) == sum(n * n for n in range(200))
print("python_events:", done)
