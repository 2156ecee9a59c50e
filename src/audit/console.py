"""What the `audit` command prints, in Chinese or English, as the reports are.

A command speaks the language of the year it works on (its params' ``language``; Chinese when
the params cannot be read, as for the reports); ``audit --lang en|zh`` overrides it. Problem
tables are :func:`audit.core.errors.format_problems`; everything else a command prints is here.
Codes written to files (a run-log entry's status) stay as they are: only their display changes.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Sequence
from typing import TextIO

from audit.core.errors import display_width

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "run.no_params": "{folder}/ 中没有参数文件（<年度>.yaml）。",
        "run.year_failed": "{path}：{detail}\n该年度的报告均未写入；{out}/ 保持不变。",
        "run.report_failed": "报告执行出错：{error}",
        "run.kept": "（已执行部分的笔记本保存在 {path}）",
        "run.index_failed": "index.html：{error}\n索引页未重建。",
        "run.index_warning": "  ! 索引页：{text}",
        "run.interrupted": "\n已中断：未完成的年度没有发布，其原有报告保持不变。",
        "run.header": "年度\t报告数\t状态\t用时（秒）",
        "status.ok": "完成",
        "status.invalid": "输入有误",
        "status.failed": "失败",
        "status.interrupted": "已中断",
        "status.up_to_date": "已是最新",
        "run.up_to_date": "  = {name}：已是最新（参数、登记表、代码和上年结果均未改变），未重新执行",
        "run.above_failed": "各地区汇总页：{error}\n汇总页未重建。",
        "run.no_jurisdiction": "{folder}/ 中没有地区 {code}（应有 {folder}/{code}/<年度>.yaml）。",
        "new_year.exists": "{paths} 已存在：`audit new-year` 不会覆盖已有年度（请直接编辑，或先删除）。",
        "new_year.wrote": "已写入 {path}",
        "new_year.carried": "已写入 {path}（沿用 {source} 的设置）",
        "new_year.next": "填写登记表后运行：audit check --year {year} --params-dir {params_dir}",
        "lab.exists": "{paths} 已存在：工作副本是个人的，不会被覆盖（加 --force 覆盖）。",
        "lab.next": "在 JupyterLab 中打开（在项目文件夹中运行）：{command}",
        "lab.missing": '未安装 JupyterLab：pip install "audit[lab]"（或 make lab）',
        "run.starting": "audit run：{years} 个年度，报告写入 {out}/",
        "run.validating": "正在校验 {path}：参数与登记表……",
        "run.planned": "共 {pages} 页报告待生成",
        "run.log_failed": "  ! 运行日志未能写入（{error}）：该年度的运行没有记录在案",
        "verify.failed": "重新执行失败：{error}",
        "verify.inputs_changed": "{year}：输入已变更（INPUTS CHANGED）——报告生成后，以下输入有改动：",
        "verify.outputs_differ": "  因此以下输出不同：{names}",
        "verify.edited": "{year}：不一致（DIFFERS）——以下报告文件在发布后被改动：{names}",
        "verify.differs": "{year}：不一致（DIFFERS）——相同的输入现在生成了不同的输出：{names}",
        "verify.identical": "{year}：一致（IDENTICAL）——登记表重新生成的报告与已发布的完全相同。",
        "log.intact": "运行日志完整：{entries} 条记录，哈希链未断。",
        "log.broken": "运行日志在第 {line} 条记录处断裂（共 {entries} 条）：{reason}",
        "log.missing": "{path} 处没有运行日志",
        "log.header": "#\t时间（UTC）\t用户\t年度\t状态\t参数文件\t输出数\t代码提交",
        "recover.restored": "  ↺ 已恢复 {path}：上次运行在替换报告时中断，原有报告已放回原处",
        "recover.removed_old": "  ↺ 已删除 {path}：上次运行替换下的旧报告（新报告已就位）",
        "recover.removed_staging": "  ↺ 已删除 {path}：中断的运行留下的临时文件夹",
        "recover.logged": "  ↺ 已补记 {path} 中的运行日志记录：该年度已发布，运行在记录前中断",
        "recover.dropped_pending": "  ↺ 已删除 {path}：其年度未由该次运行发布，或已记录在运行日志中",
        "run.waiting": "{line}等待其结束（最多 {wait:g} 秒）……",
        "log.chain_only": "运行日志的哈希链未断（{entries} 条记录），但发现以下问题：",
        "log.folder": "输出文件夹 {path}：",
        "log.error": "  错误：{text}",
        "log.warning": "  注意：{text}",
        "log.note": "  说明：{text}",
    },
    "en": {
        "run.no_params": "No params files (<year>.yaml) in {folder}/.",
        "run.year_failed": "{path}: {detail}\nNo report of that year was written; {out}/ is unchanged.",
        "run.report_failed": "a report failed: {error}",
        "run.kept": " (the notebook as far as it ran is kept in {path})",
        "run.index_failed": "index.html: {error}\nThe index was not rebuilt.",
        "run.index_warning": "  ! index: {text}",
        "run.interrupted": "\nInterrupted: the years not finished were not published; their previous reports are unchanged.",
        "run.header": "year\treports\tstatus\tseconds",
        "status.ok": "ok",
        "status.invalid": "invalid",
        "status.failed": "failed",
        "status.interrupted": "interrupted",
        "status.up_to_date": "up to date",
        "run.up_to_date": "  = {name}: up to date (params, registers, code and last year's results unchanged), not run again",
        "run.above_failed": "roll-up pages: {error}\nThe roll-up pages were not rebuilt.",
        "run.no_jurisdiction": "No jurisdiction {code} in {folder}/ (expected {folder}/{code}/<year>.yaml).",
        "new_year.exists": "{paths} already {exist}: `audit new-year` never overwrites a year "
        "(edit it, or remove it first)",
        "new_year.wrote": "wrote {path}",
        "new_year.carried": "wrote {path} (settings carried over from {source})",
        "new_year.next": "Fill in the registers, then: audit check --year {year} --params-dir {params_dir}",
        "lab.exists": "{paths} already exist(s): a working copy is personal and never overwritten (--force overwrites).",
        "lab.next": "Open it in JupyterLab (from the project folder): {command}",
        "lab.missing": 'JupyterLab is not installed: pip install "audit[lab]" (or make lab)',
        "run.starting": "audit run: {years} year(s), reports into {out}/",
        "run.validating": "validating {path}: params and registers…",
        "run.planned": "{pages} pages to write",
        "run.log_failed": "  ! the run log could not be written ({error}): this year's run is not on record",
        "verify.failed": "The re-run failed: {error}",
        "verify.inputs_changed": "{year}: INPUTS CHANGED since the report was made:",
        "verify.outputs_differ": "  so these outputs differ: {names}",
        "verify.edited": "{year}: DIFFERS — report files changed since they were published: {names}",
        "verify.differs": "{year}: DIFFERS — the same inputs now give other outputs: {names}",
        "verify.identical": "{year}: IDENTICAL — the registers give exactly the published report.",
        "log.intact": "run log intact: {entries} entr{ies}, chain unbroken",
        "log.broken": "run log BROKEN at entry {line} of {entries}: {reason}",
        "log.missing": "no run log at {path}",
        "log.header": "#\ttime (UTC)\tuser\tyear\tstatus\tparams\toutputs\tcommit",
        "recover.restored": "  ↺ restored {path}: an earlier run stopped while replacing it; the previous report is back",
        "recover.removed_old": "  ↺ removed {path}: the report an earlier run replaced (the new one is in place)",
        "recover.removed_staging": "  ↺ removed {path}: a working folder left by a run that stopped",
        "recover.logged": "  ↺ appended the run-log entry in {path}: its year was published, the run stopped before logging it",
        "recover.dropped_pending": "  ↺ removed {path}: its year was not published by that run, or is in the run log already",
        "run.waiting": "{line} Waiting for it to end (up to {wait:g} s)…",
        "log.chain_only": "run log chain unbroken ({entries} entr{ies}), but:",
        "log.folder": "output folder {path}:",
        "log.error": "  error: {text}",
        "log.warning": "  warning: {text}",
        "log.note": "  note: {text}",
    },
}


def say(language: str, key: str, **values: object) -> str:
    """The message `key` in `language` (zh or en), with `values` filled in."""
    return MESSAGES.get(language, MESSAGES["zh"])[key].format(**values)


def status(language: str, code: str) -> str:
    """How a run's status code (ok, invalid, failed, interrupted) is shown."""
    return MESSAGES.get(language, MESSAGES["zh"]).get(f"status.{code}", code)


def table(header: str, rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """Rows under a tab-separated header, columns aligned by display width (a Chinese character is two)."""
    lines = [header.split("\t"), *[[str(cell) for cell in row] for row in rows]]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(lines[0]))]

    def cell(text: str, i: int) -> str:
        pad = " " * (widths[i] - display_width(text))
        return pad + text if i in right else text + pad

    return "\n".join("  ".join(cell(text, i) for i, text in enumerate(line)).rstrip() for line in lines)


def tolerate(stream: TextIO) -> None:
    """Let `stream` print any text: a character its encoding lacks becomes "?" instead of an error.

    A console on Chinese Windows, or output redirected there, is GBK (cp936); it has every Chinese
    character the messages use, but not every symbol, nor every character of a file name.
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a stream already written to in a way that forbids it: leave it
            pass


def tick(stream: TextIO | None = None) -> str:
    """The mark before a written page: ✓, or √ where the console's encoding has no ✓ (GBK has √)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        codecs.encode("✓", encoding)
    except (UnicodeEncodeError, LookupError):
        return "√"
    return "✓"
