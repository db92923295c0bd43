"""Chapter kernels forked from a warm process.

Every chapter runs in a kernel of its own, as in Jupyter.  Started the usual way, each
kernel is a new Python that imports IPython, pandas and matplotlib before the chapter's
first line runs: measured on this machine, 0.7 s to start a kernel and 0.95 s for those
imports, for each of seven chapters, on two cores.

So each chapter worker starts one warm process (Python's `forkserver`, which imports
`PRELOAD` once) as soon as the build begins, while the data are validated; each kernel
is a fork of it, started by jupyter_client through a kernel provisioner.  The kernel
then starts as `python -m ipykernel_launcher` would: same arguments, in the chapter's
folder, with the environment jupyter_client gives it, and a freshly seeded NumPy (a fork
would otherwise repeat its parent's random numbers; Python's `random` reseeds itself).
Only third-party libraries are preloaded, so an error in this package's code still
surfaces in the chapter cell that imports it; they hold no state from being imported,
and matplotlib reads the backend ipykernel would set (`INLINE_BACKEND`), which the warm
process is given before it imports matplotlib.  What a fork shares with its siblings and
a new process would not: the hash seed of strings, and the interpreter's flags.
tests/test_kernels.py runs a chapter both ways and compares every output.  Measured on
cold builds of the book (three each, alternated, this machine): 11.7 s with warm kernels,
14.1 s without (medians).

A kernel is stopped as soon as its chapter is done (`shangluo.execute`).  If its worker
dies first, the warm process goes (its last link to the worker closes), and the kernel
stops by itself when its parent goes, as a kernel jupyter_client starts does.  Like
anything started by `multiprocessing`, the process that starts the workers must guard
its main module with ``if __name__ == "__main__"`` (shangluo/build.py does).

Hand-written because neither jupyter_client nor nbclient nor jupyter-cache can start a
kernel from a warm process.  It relies on the documented forkserver and provisioner
APIs, and on two details of jupyter_client 8: a KernelManager keeps a provisioner set
before `start_kernel`, and LocalProvisioner needs of its process only the parts of
`subprocess.Popen` that `_ForkedKernel` has (tests/test_kernels.py would fail without them).
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import multiprocessing.forkserver
import os
import sys

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["PRELOAD", "INLINE_BACKEND", "start_warm_process", "WarmProvisioner"]

# The third-party libraries every chapter imports (shangluo.charts and the chapters' first
# cells), and the kernel itself.
PRELOAD = ["ipykernel.kernelapp", "ipykernel.ipkernel", "pandas", "matplotlib.figure", "matplotlib.font_manager"]
# ipykernel sets this when MPLBACKEND is unset (ipykernel.kernelapp.init_gui_pylab);
# matplotlib reads it when imported, which in the warm process is before any kernel runs.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_CONTEXT = multiprocessing.get_context("forkserver")


def start_warm_process() -> None:
    """Start this process's warm process, which imports PRELOAD in the background.

    Call it in a process that has started no other forkserver (a chapter worker)."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    _CONTEXT.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()


def _kernel_main(argv: list[str], cwd: str, env: dict[str, str]) -> None:
    """In the forked process: become the kernel `python -m ipykernel_launcher ARGV` is."""
    # A fork gets the worker's end of the pipe that keeps the warm process alive; holding
    # it, the kernel would keep its parent alive, and so itself, if the worker died.
    os.close(multiprocessing.forkserver._forkserver._forkserver_alive_fd)
    multiprocessing.forkserver._forkserver._forkserver_alive_fd = None
    os.setsid()  # a process group of its own, as jupyter_client gives the kernels it starts
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *argv]
    import numpy

    numpy.random.seed()  # from the system's entropy, as a new process's NumPy is seeded
    from ipykernel.kernelapp import launch_new_instance

    # The kernel watches its parent, this warm process, and stops if it goes (as a kernel
    # jupyter_client starts watches the process that started it, named in JPY_PARENT_PID;
    # here that default was read when the warm process imported ipykernel).
    launch_new_instance([*argv, f"--IPKernelApp.parent_handle={os.getppid()}"])


class _ForkedKernel:
    """The few parts of `subprocess.Popen` that LocalProvisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.Process):
        self._process = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self._process.exitcode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:  # as Popen: never signal a pid that may have been reused
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self._process.kill()

    def terminate(self) -> None:
        self._process.terminate()


class WarmProvisioner(LocalProvisioner):
    """Starts the kernel as a fork of the warm process, and waits for a killed kernel to end;
    all else is LocalProvisioner's."""

    async def kill(self, restart: bool = False) -> None:
        # Waited for here, at once: jupyter_client then finds the kernel gone at its first
        # look, where it would otherwise look again 0.1 s later (measured: 0.11 s a chapter).
        process = self.process
        await super().kill(restart=restart)
        if process is not None:
            process.wait(timeout=5)

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        if cmd[1:3] != ["-m", "ipykernel_launcher"] or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
            raise RuntimeError(f"a warm kernel can only be this Python's ipykernel, not {cmd}")
        cwd = str(kwargs.get("cwd") or os.getcwd())
        # jupyter_client names the process that started a kernel in its environment.
        env = dict(kwargs["env"], JPY_PARENT_PID=str(os.getpid()))
        process = _CONTEXT.Process(target=_kernel_main, args=(cmd[3:], cwd, env), name="kernel")
        process.start()
        self.process = _ForkedKernel(process)
        self.pid = self.pgid = process.pid
        self.cwd = cwd
        return self.connection_info
