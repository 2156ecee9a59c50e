"""The `audit` command's help, in Chinese or English: every text of the parser, and argparse's own words.

The language of the help is chosen before the arguments are parsed (:func:`help_language`):
``--lang`` where the command line has it, else the ``AUDIT_LANG`` environment variable, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, or Windows' user locale: an English one gives
English), else Chinese. argparse's own words ("usage:",
"the following arguments are required") are translated by :func:`argparse_speaking`.
"""

from __future__ import annotations

import argparse
import locale
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

LANGUAGES = ("zh", "en")


def help_language(argv: Sequence[str], environ: Mapping[str, str] | None = None, windows: bool | None = None) -> str:
    """The language of the help and usage errors for this command line: zh or en."""
    environ = os.environ if environ is None else environ
    windows = os.name == "nt" if windows is None else windows
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGUAGES:
            return arg.removeprefix("--lang=")
    chosen = environ.get("AUDIT_LANG", "")
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:  # the first one set decides, as for every POSIX program; C and POSIX name no language
            return "en" if value.lower().startswith("en") else "zh"
    if not windows:
        return "zh"
    try:  # Windows sets no LANG: its user locale, e.g. "English_United States" or "Chinese (Simplified)_China"
        system = locale.getlocale()[0] or ""
    except ValueError:
        system = ""
    return "en" if system.lower().startswith("en") else "zh"


# argparse's own messages (Python 3.11 to 3.13 word them so); a message not listed stays English.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可匹配 %(matches)s",
    "ignored explicit argument %r": "忽略了显式参数 %r",
}


@contextmanager
def argparse_speaking(language: str) -> Iterator[None]:
    """While inside, argparse words its usage, help and errors in `language` (its own English for en)."""
    if language != "zh":
        yield
        return
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


EXIT_CODES = {
    "zh": "退出码：0 成功；1 有年度或索引页失败；2 输入有误或用法错误；130 被 Ctrl-C 中断。",
    "en": "exit status: 0 done; 1 a year or the index failed; 2 invalid input or usage; 130 interrupted (Ctrl-C).",
}

HELP: dict[str, dict[str, str]] = {
    "zh": {
        "description": "重新执行区县司法局年度法治政府建设审计：校验登记表，计算指标，生成 HTML 报告。",
        "epilog": "示例：\n  audit new-year 2021\n  audit check --year 2021\n  audit run --year 2021\n"
        "各子命令的说明：audit <子命令> --help。文档：项目的 docs/ 文件夹。\n" + EXIT_CODES["zh"],
        "version": "显示版本号并退出",
        "lang": "命令输出的语言（默认：年度参数文件中的 language；日志命令为输出文件夹的语言；帮助为系统语言）",
        "commands": "子命令",
        "year": "年度；参数文件为 <params-dir>/<年度>.yaml",
        "params": "参数文件（任意年度、任意文件夹）",
        "all": "参数文件夹中的每个 <年度>.yaml，由早到晚",
        "params_dir": "--year 查找参数文件的文件夹（默认：params）",
        "jurisdiction": "地区代码：参数文件为 <params-dir>/<代码>/<年度>.yaml，报告写入 <out>/<代码>/；"
        "与 --all 同用时只执行该地区",
        "force": "重新执行每个年度，即使其参数、登记表、代码和上年结果都未改变",
        "out": "输出文件夹（默认：outputs）",
        "wait": "输出文件夹正被另一个命令使用时，最多等待的秒数（默认：10），之后报告占用者并退出",
        "jobs": "同时执行的笔记本数（默认：CPU 核数）；与 --all 同用时，各年度共用一个队列",
        "pdf": "每页报告另存一份 PDF（A4，内嵌中文字体；需安装 audit[pdf]）；参数文件中 formats: [html, pdf] 效果相同",
        "scheduler": "在该地址的 Dask 集群上执行各地区各年度（如 tcp://host:8786；需安装 audit[cluster]），"
        "每个地区年度一个任务，由本机发布；各工作机须在相同路径读到相同的参数与登记表；--jobs 为每台工作机同时执行的笔记本数",
        "run": "执行年度审计笔记本，生成 HTML 报告",
        "run.description": "校验年度的参数与登记表，计算指标，执行各审计笔记本并发布 HTML 报告，重建索引页。\n"
        "某年度任何一页失败时，该年度不发布，原有报告保持不变。",
        "run.epilog": "示例：\n  audit run --year 2020\n  audit run --all --out outputs\n"
        "  audit run --all --params-dir data/city/params --out outputs/city\n"
        "未改变的年度（参数、登记表、代码和上年结果都与发布时相同）报告为“已是最新”，不再执行（--force 除外）。\n"
        + EXIT_CODES["zh"],
        "check": "只校验年度的参数与登记表，不生成报告",
        "check.description": "按 audit run 的方式读取并校验参数文件和每个登记表，一次列出全部问题（文件、行、列、值、应为）。",
        "check.epilog": "示例：\n  audit check --year 2021\n退出码：0 未发现问题；2 发现问题。",
        "new_year": "开始新年度：参数文件（沿用最近年度的设置）和每个登记表的 Excel 模板",
        "new_year.description": "写入 <params-dir>/<年度>.yaml（沿用最近一个年度的设置）及 <data-dir>/<年度>/ 下每个登记表的 Excel 模板；"
        "单位名录沿用上一年度的名录，整改台账预填上一年度（<out>/<年度-1>/metrics.json）每个未整改的问题；不会覆盖已有年度。",
        "new_year.epilog": "示例：\n  audit new-year 2025\n退出码：0 已写入；2 该年度已存在或上一年度参数有误。",
        "new_year.year": "新的年度",
        "new_year.params_dir": "参数文件所在文件夹（默认：params）",
        "new_year.data_dir": "年度登记表文件夹所在位置（默认：data）",
        "new_year.out": "上一年度审计结果所在的输出文件夹，整改台账据此预填（默认：outputs）",
        "verify": "重新执行某年度，并与其 manifest.json 逐一比对输出",
        "verify.description": "在临时文件夹中重新执行该年度，比对每个输出文件的 SHA-256 与已发布报告的 manifest.json，"
        "并指出报告生成后改动过的输入或报告文件。",
        "verify.epilog": "示例：\n  audit verify --year 2020\n"
        "退出码：0 一致；1 不一致；2 无法复核（无报告、输入有误或重新执行失败）；3 输入已变更。",
        "verify.out": "存放已发布报告的输出文件夹（默认：outputs）",
        "sign": "审计复核签字：在运行日志中记录某年度报告的编制、复核或审定签字",
        "sign.description": "在输出文件夹的运行日志 audit-log.jsonl 中追加一条签字记录：年度、角色、签字人（只记入日志，"
        "不出现在任何报告中）和该年度 manifest.json 的 SHA-256；然后重建索引页，显示各年度的复核状态"
        "（已编制、已复核、复核后已变更）。签字后报告或 manifest.json 有改动的年度为复核后已变更。",
        "sign.epilog": "示例：\n  audit sign --year 2020 --role 复核 --name 张三\n  audit sign --year 2020 --role 审定\n"
        "退出码：0 已签字；1 已签字但索引页未重建；2 该年度没有已发布的报告、报告文件已被改动或角色无效。",
        "sign.year": "签字的年度（须有已发布的报告 <out>/<年度>/manifest.json）",
        "sign.role": "角色：编制、复核 或 审定（也可写 prepare、review、approve）；复核与审定均算作已复核",
        "sign.name": "签字人姓名（只记入运行日志，不出现在报告中）",
        "sign.out": "存放已发布报告和运行日志的输出文件夹（默认：outputs）",
        "log": "输出文件夹的哈希链运行日志",
        "log.description": "每次 audit run 和 audit sign 都在输出文件夹的 audit-log.jsonl 中追加一条记录，记录之间以哈希相链。",
        "log.epilog": "示例：\n  audit log show\n  audit log verify --out outputs",
        "log.verify": "校验哈希链和密钥签名，核对每个已发布年度都有其记录，指出第一条断裂的记录（退出码：0 完整；1 断裂、截断或没有日志；2 密钥无法读取或不是该日志的密钥）",
        "log.show": "以表格列出运行日志、签字记录和各年度的复核状态（退出码：0；1 没有日志）",
        "log.out": "输出文件夹（默认：outputs）",
        "log.key_file": "存放运行日志密钥的文件，用以核对每条记录的密钥签名（HMAC）；默认取环境变量 AUDIT_LOG_KEY_FILE，"
        "否则 AUDIT_LOG_KEY。文件不存在、无法读取或不是该日志的密钥时退出码为 2",
        "lab": "为某年度写一份个人工作副本的笔记本，在 JupyterLab 中打开",
        "lab.description": "把该年度每个审计的笔记本及汇总页复制到 <into>/<年度>/，并写入该年度的参数（params_file、year）；"
        "共享的笔记本不被改动。已有的副本不会被覆盖（--force 除外）。",
        "lab.epilog": "示例：\n  audit lab --year 2021\n  audit lab --year 2021 --open\n"
        "退出码：0 已写入；2 参数有误或副本已存在。",
        "lab.into": "工作副本所在文件夹（默认：lab）",
        "lab.force": "覆盖已有的工作副本",
        "lab.open": "写入后启动 JupyterLab（需安装 lab 扩展：pip install audit[lab]）",
    },
    "en": {
        "description": "Re-perform a district justice bureau's yearly rule-of-law audit (法治政府建设): "
        "validate the registers, compute the metrics, write the HTML reports.",
        "epilog": "examples:\n  audit new-year 2021\n  audit check --year 2021\n  audit run --year 2021\n"
        "Each command's help: audit <command> --help. Documentation: the project's docs/ folder.\n" + EXIT_CODES["en"],
        "version": "show the version and exit",
        "lang": "language of what the command prints (default: the year's, as its params say; "
        "for log, the output folder's; for help, the system's)",
        "commands": "commands",
        "year": "the year; its params are <params-dir>/<year>.yaml",
        "params": "a params file (any year, any folder)",
        "all": "every <year>.yaml in the params folder, oldest first",
        "params_dir": "where --year looks for params (default: params)",
        "jurisdiction": "a jurisdiction's code: its params are <params-dir>/<code>/<year>.yaml, its reports go to "
        "<out>/<code>/; with --all, run that jurisdiction only",
        "force": "run every year again, even one whose params, registers, code and last year's results are unchanged",
        "out": "output folder (default: outputs)",
        "wait": "seconds to wait while another command uses the output folder (default: 10), then name it and exit",
        "pdf": "also print every page to PDF (A4, the Chinese font embedded; needs audit[pdf]); the same as "
        "formats: [html, pdf] in the params",
        "scheduler": "run the jurisdiction-years on the Dask cluster at this address (e.g. tcp://host:8786; needs "
        "audit[cluster]), one task each, published here; every worker must read the same params and registers at "
        "the same paths; --jobs is then the notebooks at once on each worker",
        "jobs": "notebooks executing at once (default: the number of cores); with --all, the "
        "notebooks of every year share one queue",
        "run": "run a year's audit notebooks and write the HTML reports",
        "run.description": "Validate a year's params and registers, compute its metrics, execute every audit's notebook, "
        "publish the HTML reports and rebuild the index.\nA year any page of which fails is not published; "
        "its previous report stays as it was.",
        "run.epilog": "examples:\n  audit run --year 2020\n  audit run --all --out outputs\n"
        "  audit run --all --params-dir data/city/params --out outputs/city\n"
        "A year whose params, registers, code and last year's results are those it was published from is reported "
        "up to date and not run again (unless --force).\n" + EXIT_CODES["en"],
        "check": "validate a year's params and registers without running a report",
        "check.description": "Read and validate the params and every register as audit run does, listing every problem "
        "at once (file, row, column, value, expected).",
        "check.epilog": "example:\n  audit check --year 2021\nexit status: 0 no problems; 2 problems found.",
        "new_year": "start a year: its params (carried over from the latest year) and an Excel template for every register",
        "new_year.description": "Write <params-dir>/<year>.yaml (the latest year's settings carried over) and an Excel "
        "template for every register under <data-dir>/<year>/: the list of units carried over from the year before, "
        "the rectification ledger pre-filled with every finding of the year before (<out>/<year-1>/metrics.json) still "
        "open; never overwrites a year.",
        "new_year.epilog": "example:\n  audit new-year 2025\n"
        "exit status: 0 written; 2 the year exists, or the year carried from is invalid.",
        "new_year.year": "the new year",
        "new_year.params_dir": "where params files live (default: params)",
        "new_year.data_dir": "where the year's register folder goes (default: data)",
        "new_year.out": "the output folder holding the year before's results, which the ledger is pre-filled from "
        "(default: outputs)",
        "verify": "re-run a year and compare every output with its manifest.json",
        "verify.description": "Re-run the year into a temporary folder, compare every output's SHA-256 with the published "
        "report's manifest.json, and name the inputs or report files changed since it was made.",
        "verify.epilog": "example:\n  audit verify --year 2020\n"
        "exit status: 0 identical; 1 differs; 2 cannot verify (no report, invalid input, the re-run failed); "
        "3 inputs changed.",
        "verify.out": "the output folder holding the report (default: outputs)",
        "sign": "sign a year's report off: record its preparation, review or approval in the run log",
        "sign.description": "Append a sign-off entry to the output folder's run log audit-log.jsonl: the year, the role, "
        "the signer's name (in the log only, never in a report) and the SHA-256 of the year's manifest.json; then "
        "rebuild the index, which shows each year's review state (prepared, reviewed, changed since review). A year "
        "whose report or manifest.json changed after it was signed is changed since review.",
        "sign.epilog": "examples:\n  audit sign --year 2020 --role review --name Zhang\n"
        "  audit sign --year 2020 --role approve\n"
        "exit status: 0 signed; 1 signed, but the index was not rebuilt; 2 the year has no published report, "
        "its report files were changed, or the role is unknown.",
        "sign.year": "the year to sign (it needs a published report, <out>/<year>/manifest.json)",
        "sign.role": "the role: prepare, review or approve (or the Chinese words, stored in the log in Chinese); "
        "review and approve both count as reviewed",
        "sign.name": "the signer's name (kept in the run log only, never in a report)",
        "sign.out": "the output folder holding the reports and the run log (default: outputs)",
        "log": "the hash-chained run log of an output folder",
        "log.description": "Every audit run and audit sign appends an entry to the output folder's audit-log.jsonl, "
        "each chained to the one before by its hash.",
        "log.epilog": "examples:\n  audit log show\n  audit log verify --out outputs",
        "log.verify": "check the chain and its keys, and that every published year has its entry; name the first broken "
        "entry (exit status: 0 intact; 1 broken, truncated or no log; 2 the key cannot be had or is not the log's)",
        "log.show": "the log, its sign-offs and review states (exit status: 0; 1 no log)",
        "log.out": "the output folder (default: outputs)",
        "log.key_file": "a file holding the run log's key, to check every entry's HMAC (default: AUDIT_LOG_KEY_FILE, "
        "else AUDIT_LOG_KEY); exit status 2 where it is missing, unreadable or not the log's key",
        "lab": "write a personal working copy of a year's notebooks to open in JupyterLab",
        "lab.description": "Copy every audit's notebook of the year and the summary into <into>/<year>/, with the year's "
        "parameters (params_file, year) written in; the shared notebooks are not changed. An existing copy is "
        "never overwritten (but with --force).",
        "lab.epilog": "examples:\n  audit lab --year 2021\n  audit lab --year 2021 --open\n"
        "exit status: 0 written; 2 invalid params, or the copy exists.",
        "lab.into": "the folder of working copies (default: lab)",
        "lab.force": "overwrite an existing working copy",
        "lab.open": "start JupyterLab once written (needs the lab extra: pip install audit[lab])",
    },
}
