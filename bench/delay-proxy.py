#!/usr/bin/env python3
"""A TCP proxy that delays every chunk it forwards, in both directions, by a fixed time.

    bench/delay-proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS
    bench/delay-proxy.py --many TARGET_HOST DELAY_MS TARGET_PORT...

Listens on 127.0.0.1:LISTEN_PORT (0: a free port) and forwards each connection to TARGET_HOST:TARGET_PORT. Every
chunk read from one side is written to the other DELAY_MS milliseconds after it was read, in order,
without holding back the chunks read meanwhile: a one-way link latency, so a request and its answer
cost 2 * DELAY_MS, while data sent back to back is not slowed down. Prints "ready" on standard
output once it listens ("ready PORT", with the port it listens on). Stops on SIGTERM or SIGINT.

With --many, one process proxies to each TARGET_PORT from a free port of its own, all with the same
delay, and prints "ready" with the listening ports in the order of the target ports.
"""
import asyncio
import signal
import sys


async def pipe(reader, writer, delay):
    # Each chunk gets its due time when read; a separate task writes them when due, so that
    # reading goes on meanwhile (a queue keeps the order).
    queue = asyncio.Queue()
    loop = asyncio.get_running_loop()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, data if data else None))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()
    finally:
        try:
            writer.close()
        except (ConnectionError, OSError):
            pass


async def serve(routes, host, delay):
    """routes: (listen_port, target_port) pairs, one listening socket each."""
    def handler(port):
        async def handle(client_reader, client_writer):
            try:
                server_reader, server_writer = await asyncio.open_connection(host, port)
            except OSError:
                client_writer.close()
                return
            try:
                await asyncio.gather(pipe(client_reader, server_writer, delay),
                                     pipe(server_reader, client_writer, delay),
                                     return_exceptions=True)
            except asyncio.CancelledError:
                pass  # the proxy is stopping; the connection ends with it
        return handle

    servers = [await asyncio.start_server(handler(port), "127.0.0.1", listen) for listen, port in routes]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", *(server.sockets[0].getsockname()[1] for server in servers), flush=True)
    await stop.wait()
    for server in servers:
        server.close()


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "--many":
        try:
            delay_ms, ports = float(sys.argv[3]), [int(port) for port in sys.argv[4:]]
        except ValueError:
            sys.exit("delay-proxy.py: DELAY_MS and the TARGET_PORTs must be numbers")
        host, routes = sys.argv[2], [(0, port) for port in ports]
    elif len(sys.argv) == 5:
        try:
            listen_port, target_port, delay_ms = int(sys.argv[1]), int(sys.argv[3]), float(sys.argv[4])
        except ValueError:
            sys.exit("delay-proxy.py: LISTEN_PORT, TARGET_PORT and DELAY_MS must be numbers")
        host, routes = sys.argv[2], [(listen_port, target_port)]
    else:
        sys.exit("usage: delay-proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS\n"
                 "       delay-proxy.py --many TARGET_HOST DELAY_MS TARGET_PORT...")
    if delay_ms < 0:
        sys.exit("delay-proxy.py: DELAY_MS must not be negative")
    asyncio.run(serve(routes, host, delay_ms / 1000))


if __name__ == "__main__":
    main()
