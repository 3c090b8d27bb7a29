"""Harness messages in the reader's language, without the measuring machine's paths.

The harness writes free English text into a run file: a cell's ``reason`` (why
it did not measure), a framework's ``reason`` (why it could not be imported)
and a cell's ``path`` (what ran: an attention kernel, what torch.compile made of
the model). A page shows none of it as recorded. ``parse_reason`` and
``parse_path`` match the text against the patterns of every message the
harness can write (``bench/harness``: the worker, the worker's process, the
runner, the adapters, the model files) and give a ``Message``: a key of
``strings.yaml`` and its parameters. What the harness only passes on (an
exception's text, a crashed worker's last output) stays a *raw* part, shown
collapsed under the translated words. A text that matches no pattern (a run
file from an older or newer harness) is raw as a whole: the page shows the
cell's translated status and the text collapsed beneath it.

Every part taken from the text, parameters included, goes through
``strip_paths`` first: an interpreter or a file of the measuring machine
(``/opt/venv/bin/python3``, ``C:\\Users\\...``) is cut to its last name.
Rendering is ``templates/benchmarks/_reason.html.j2`` (macro ``reason``),
through ``reason_html`` for the code that still writes markup itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from .text import t

KEY = "bench.reason."
PATH_KEY = "bench.path."

_POSIX_PATH = re.compile(r"(?<![\w.~/-])~?/(?:[\w.+@%-]+/)+([\w.+@%-]*)")
_WINDOWS_PATH = re.compile(r"(?<![\w])[A-Za-z]:\\(?:[^\\\s:;,'\"()]+\\)+([^\\\s:;,'\"()]*)")


def strip_paths(text: str) -> str:
    """``text`` with every absolute file path cut to ``…/<its last name>``; URLs are kept."""
    text = _POSIX_PATH.sub(lambda m: f"…/{m.group(1)}" if m.group(1) else "…/", text)
    return _WINDOWS_PATH.sub(lambda m: f"…\\{m.group(1)}" if m.group(1) else "…\\", text)


@functools.lru_cache(maxsize=4096)
def recorded(text: str | None) -> str | None:
    """A recorded text as the site keeps it (tables, CSV files, charts): its paths cut; None stays None."""
    return None if text is None else strip_paths(text)


@dataclass(frozen=True)
class Message:
    """A harness message as a key of strings.yaml and its parameters, plus what stays as recorded.

    ``key`` None: no pattern matched, ``raw`` is the whole text. A parameter is plain text
    (a package, a number) or a nested ``Message`` (a status word, a reason inside a reason).
    """

    key: str | None
    params: tuple[tuple[str, str | Message], ...] = ()
    raw: str | None = None

    def text(self, lang: str) -> str | None:
        """The translated words (None for an unknown text)."""
        if self.key is None:
            return None
        values = {name: _inner(value, lang) if isinstance(value, Message) else value for name, value in self.params}
        return t(self.key, lang, **values)

    @property
    def raw_all(self) -> str | None:
        """The recorded parts, this message's and its nested ones', joined."""
        parts = [self.raw] + [value.raw_all for _, value in self.params if isinstance(value, Message)]
        kept = [part for part in parts if part]
        return " · ".join(dict.fromkeys(kept)) or None


def _inner(message: Message, lang: str) -> str:
    """A nested message's words; an unknown one points to the recorded text, shown apart."""
    return message.text(lang) if message.key else t("bench.reason.see_raw", lang)


def _word(key: str) -> Message:
    return Message(key)


# --- the patterns -------------------------------------------------------------
#
# (name, pattern, raw group): the key is KEY + name; every named group but the raw
# one is a parameter; a group named ``detail`` is itself a reason (parsed again),
# one named ``status`` a status word.

_NAME = r"[\w.+-]+"
REASON_PATTERNS: tuple[tuple[str, str, str | None], ...] = (
    # worker.py: the framework's package is missing (the older harness named the interpreter)
    ("not_installed", (rf"not installed: (?P<package>{_NAME})(?: \([^)]*\))? cannot be imported "
                      r"(?:in this environment|by .+)"), None),
    ("import_failed", rf"import of (?P<package>{_NAME}) failed: (?P<error>.+)", "error"),
    ("not_a_mode", rf"mode (?P<mode>{_NAME}) is not a (?P<framework>.+?) mode \((?P<modes>[^)]*)\)", None),
    # adapter.py: unsupported_precision
    ("tf32_cpu", r"TF32 is a tensor-core format of NVIDIA GPUs; on a CPU the cell would repeat fp32", None),
    # frameworks/*.py: setup() refusing the device or the backend
    ("no_gpu", (rf"(?P<framework>torch|TensorFlow) (?P<version>{_NAME}) sees no (?:CUDA device|GPU) "
               r"\(built with CUDA (?P<cuda>[^)]*)\)"), None),
    ("no_device", rf"(?P<framework>jax) (?P<version>{_NAME}) sees no (?P<device>{_NAME}) device: (?P<error>.+)", "error"),
    ("keras_backend", rf"Keras runs on the (?P<backend>{_NAME}) backend; set KERAS_BACKEND=tensorflow", None),
    # workerproc.py: the worker's process
    ("cannot_start", r"cannot start .+?: (?P<error>.+)", "error"),
    ("worker_no_start", r"worker did not start: (?P<detail>.+)", None),
    ("worker_timeout", r"no answer within (?P<seconds>\d+) s; worker killed", None),
    ("worker_signal", r"worker killed by signal (?P<signal>\w+)(?: \(last output: (?P<output>.*)\))?", "output"),
    ("worker_exit", r"worker exited with code (?P<code>-?\w+)(?: \(last output: (?P<output>.*)\))?", "output"),
    # runner.py
    ("restart_failed", r"worker restart failed: (?P<detail>.+)", None),
    ("worker_oom_killed", r"(?P<detail>.+); the kernel's out-of-memory killer ended it", None),
    ("no_samples", r"the worker returned no samples", None),
    ("some_processes", (r"(?P<failed>\d+) of (?P<total>\d+) processes did not measure "
                       r"\((?P<status>ok|oom|unsupported|error): (?P<detail>.+)\)"), None),
    ("no_reason", r"no reason given", None),
    ("unavailable", r"unavailable", None),
    ("unsupported", r"unsupported", None),
    # worker.py: an exception of the framework while building or timing the cell
    ("exception", (r"(?P<type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exhausted|Failure|Fault|Interrupt|Exit))"
                  r"(?:: (?P<error>.+))?"), "error"),
)

PATH_PATTERNS: tuple[tuple[str, str, str | None], ...] = (
    # frameworks/pytorch.py: compile_path
    ("compile_no_graph", r"torch\.compile captured no graph: the model ran eagerly \((?P<first>.*)\)", None),
    ("compile_one_graph", r"torch\.compile \(inductor\): 1 graph, no graph breaks", None),
    ("compile_graphs", r"torch\.compile \(inductor\): (?P<graphs>\d+) graphs, no graph breaks", None),
    ("compile_breaks", (r"torch\.compile \(inductor\): (?P<graphs>\d+) graph\(s\) and (?P<breaks>\d+) graph break\(s\) "
                       r"run eagerly \(first: (?P<first>.*)\)"), None),
    # frameworks/tensorflow.py: a recurrent model under XLA on a GPU
    ("keras_cudnn_rnn", (r"Keras takes its cuDNN RNN kernel on a GPU where the layer allows it; "
                        r"that op is not XLA-compiled"), None),
    # workloads/gpt2/*_model.py: describe_path
    ("torch_sdpa", r"torch\.nn\.functional\.scaled_dot_product_attention\(is_causal=True\): (?P<backend>.+) kernel", None),
    ("keras_attention", (r"keras\.ops\.dot_product_attention\(is_causal=True\): two einsums around a float32 softmax "
                        r"on the TensorFlow backend, no fused attention kernel \(Keras refuses flash_attention there\)"), None),
    ("jax_cudnn", r"jax\.nn\.dot_product_attention\(is_causal=True, implementation='cudnn'\): cuDNN fused attention", None),
    ("jax_xla", (r"jax\.nn\.dot_product_attention\(is_causal=True, implementation='xla'\): composed by XLA, no fused "
                r"kernel \(JAX's fused kernel, cuDNN, takes bf16/fp16 on an NVIDIA GPU only\)"), None),
)


def _compiled(patterns: tuple[tuple[str, str, str | None], ...]) -> tuple[tuple[str, re.Pattern, str | None], ...]:
    return tuple((name, re.compile(pattern, re.DOTALL), raw) for name, pattern, raw in patterns)


_REASONS = _compiled(REASON_PATTERNS)
_PATHS = _compiled(PATH_PATTERNS)


def _match(text: str, patterns, prefix: str, depth: int) -> Message | None:
    for name, pattern, raw_group in patterns:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        params: list[tuple[str, str | Message]] = []
        for group, value in found.groupdict().items():
            if group == raw_group:
                continue
            if group == "detail":
                params.append((group, _parse_reason(value or "", depth + 1)))
            elif group == "status":
                params.append((group, _word(f"bench.status.{value}")))
            else:
                params.append((group, value or ""))
        raw = found.group(raw_group) if raw_group else None
        return Message(prefix + name, tuple(params), raw or None)
    return None


def _parse_reason(text: str, depth: int = 0) -> Message:
    text = strip_paths(" ".join(text.split()))
    if depth > 4:  # a reason inside a reason inside...: the rest as recorded
        return Message(None, raw=text)
    return _match(text, _REASONS, KEY, depth) or Message(None, raw=text or None)


@functools.lru_cache(maxsize=4096)
def parse_reason(text: str | None) -> Message | None:
    """A cell's or a framework's recorded reason as a message (None where there is none)."""
    if not text or not text.strip():
        return None
    return _parse_reason(text)


@functools.lru_cache(maxsize=4096)
def parse_path(text: str | None) -> list[Message]:
    """A cell's recorded ``path`` as messages, one per part (the harness joins parts with ``; ``)."""
    if not text or not text.strip():
        return []
    text = strip_paths(" ".join(text.split()))
    whole = _match(text, _PATHS, PATH_KEY, 0)
    if whole is not None:
        return [whole]
    return [_match(part, _PATHS, PATH_KEY, 0) or Message(None, raw=part) for part in text.split("; ") if part]


# --- for a page -------------------------------------------------------------------

@dataclass(frozen=True)
class ReasonView:
    """What ``_reason.html.j2`` shows: the translated words, and the recorded text collapsed."""

    text: str | None
    raw: str | None
    summary: str = field(default="")


@functools.lru_cache(maxsize=8192)
def reason_view(text: str | None, lang: str) -> ReasonView | None:
    """The view of a recorded reason in ``lang`` (None where nothing was recorded)."""
    message = parse_reason(text)
    if message is None:
        return None
    return ReasonView(message.text(lang), message.raw_all, t("bench.reason.raw_summary", lang))


@functools.lru_cache(maxsize=8192)
def reason_html(text: str | None, lang: str) -> Markup:
    """A recorded reason as markup (empty where nothing was recorded); every recorded part escaped."""
    view = reason_view(text, lang)
    if view is None:
        return Markup("")
    return Markup(_macros().reason(view)).strip()


def reason_text(text: str | None, lang: str) -> str:
    """A recorded reason as one line of plain text (a chart's tooltip): the words, else the recorded text."""
    view = reason_view(text, lang)
    if view is None:
        return ""
    if view.text is None:
        return t("bench.reason.raw_line", lang, raw=view.raw or "")
    return view.text


@functools.lru_cache(maxsize=4096)
def path_text(text: str | None, lang: str) -> str:
    """A cell's ``path`` in ``lang``, plain text: each known part translated, the others as recorded."""
    parts = []
    for message in parse_path(text):
        if message.key is None:
            parts.append(message.raw or "")
        else:
            values = {name: value for name, value in message.params if isinstance(value, str)}
            if values.get("first", "?") in ("", "no reason recorded"):
                values["first"] = t("bench.path.no_reason", lang)
            parts.append(t(message.key, lang, **values))
    return t("bench.path.joiner", lang).join(parts)


@functools.cache
def _macros():
    from ..render import jinja_env  # the site's environment: autoescape on

    return jinja_env().get_template("benchmarks/_reason.html.j2").module
