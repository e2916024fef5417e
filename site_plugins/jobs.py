"""채용·참여 모집 (/jobs/, /jobs/<id>/, /jobs/feed.xml): jobs, volunteering, member
recruitment and calls for founding partners, each posted by a co-op of the directory.

Plan item 1-2 of the 2013 basic plan asks the portal to link "다양한 창업 아이디어, 취업
정보". A posting stays on the site after its `closes` date and shows as 마감 (the
contract: never silently dropped); the feed carries the newest postings, open or not.

Feed entry ids name no host (contract, second round): `tag:<tag authority>:jobs/<id>`, the
fixed authority every feed uses (feeds.tag_id, publishing.py), so moving the site to another
domain does not make readers show every posting again.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from . import jsonld
from .context import BuildContext
from .feeds import FEED_LIMIT, SITE_NAME, Item, build_feed, tag_id
from .kinds import JOB_KIND_LABELS
from .model import Job
from .output import OutputFile, Outputs, Page
from .render import coop_url, render, trusted

SECTION = "jobs/"
FEED = "jobs/feed.xml"
KIND_LABELS = JOB_KIND_LABELS
STATE_LABELS = {"open": "모집 중", "closed": "마감"}
TITLE = "채용·참여 모집"
DESCRIPTION = "서울 협동조합의 채용, 자원활동, 조합원 모집, 협동조합을 함께 세울 사람 모집. 마감한 공고도 기록으로 남깁니다."


def job_url(job_id: str) -> str:
    return f"{SECTION}{job_id}/"


def state(job: Job, today: dt.date) -> str:
    """"open" through the closing day (inclusive), then "closed"."""
    return "open" if job.is_open(today) else "closed"


def split(jobs: list[Job], today: dt.date) -> tuple[list[Job], list[Job]]:
    """(open, soonest closing first; closed, latest closing first)."""
    open_ = sorted((j for j in jobs if j.is_open(today)), key=lambda j: (j.closes, j.title, j.id))
    closed = sorted((j for j in jobs if not j.is_open(today)), key=lambda j: (j.closes, j.id), reverse=True)
    return open_, closed


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    out.pages.append(Page(url=SECTION, title=TITLE, description=DESCRIPTION, nav=True, render=partial(render_index, ctx)))
    today = site.build_date.date()
    for job in site.jobs.values():
        coop = site.coops[job.coop]
        url = job_url(job.id)
        out.pages.append(Page(
            url=url,
            title=job.title,
            description=f"{KIND_LABELS[job.kind]} · {coop.name} · {job.closes.isoformat()} 마감" + (" (마감됨)" if not job.is_open(today) else ""),
            render=partial(render_job, ctx, job),
            head=partial(_job_jsonld, ctx, job),
            source=job.source_file.path,
        ))
    if ctx.site_url:  # a feed needs absolute links
        out.files.append(OutputFile(FEED, partial(jobs_feed, ctx)))
    return out


def _job_jsonld(ctx: BuildContext, job: Job) -> str:
    coop = ctx.site.coops[job.coop]
    data = jsonld.job_posting(job, coop, url=ctx.absolute(job_url(job.id)), coop_page=ctx.absolute(coop_url(coop.id)),
                              district_label=ctx.site.taxonomies.label("regions", coop.district))
    return jsonld.script(data) if data else ""


def feed_items(ctx: BuildContext) -> list[Item]:
    """The FEED_LIMIT newest postings. A posting's date is its `posted` day, or its closing
    day when it has none (the one date every posting has, and it never moves)."""
    site = ctx.site
    today = site.build_date.date()
    items = []
    for job in site.jobs.values():
        coop = site.coops[job.coop]
        parts = [job.summary, f"{coop.name} · {site.taxonomies.label('regions', coop.district)}", f"{job.closes.isoformat()} 마감"]
        if not job.is_open(today):
            parts.append("모집이 끝났습니다")
        if job.example:
            parts.append("예시 공고")
        items.append(Item("jobs", job.id, f"[{KIND_LABELS[job.kind]}] {job.title}", job.posted or job.closes, job_url(job.id),
                          " · ".join(p for p in parts if p)))
    return sorted(items, key=lambda i: i.sort_key, reverse=True)[:FEED_LIMIT]


def jobs_feed(ctx: BuildContext) -> bytes:
    return build_feed(
        ctx,
        feed_id=tag_id(ctx, "feeds", "jobs"),
        title=f"{SITE_NAME} · 채용·참여 모집",
        description="서울 협동조합의 채용, 자원활동, 조합원 모집, 설립 동참자 모집",
        page=SECTION,
        path=FEED,
        items=feed_items(ctx),
    )


def render_index(ctx: BuildContext) -> str:
    site = ctx.site
    today = site.build_date.date()
    open_, closed = split(list(site.jobs.values()), today)
    return render(
        "jobs.html",
        SECTION,
        site,
        open_jobs=open_,
        closed_jobs=closed,
        today=today,
        coops=site.coops,
        kind_labels=KIND_LABELS,
        job_url=job_url,
        feed=FEED if ctx.site_url else "",
        feed_abs=ctx.absolute(FEED),
        any_example=any(j.example for j in site.jobs.values()),
    )


def render_job(ctx: BuildContext, job: Job) -> str:
    site = ctx.site
    today = site.build_date.date()
    coop = site.coops[job.coop]
    others = [site.jobs[i] for i in ctx.relations.jobs_by_coop.get(coop.id, []) if i != job.id]
    return render(
        "job.html",
        job_url(job.id),
        site,
        job=job,
        coop=coop,
        state=state(job, today),
        state_labels=STATE_LABELS,
        kind_label=KIND_LABELS[job.kind],
        today=today,
        others=others,
        job_url=job_url,
        description=trusted(ctx.markdown_html(job.description)),
        edit_url=ctx.edit_url(job.source_file.path),
    )
