-- The ceiling row of the benchmark: realistic_30.score written by hand as DuckDB SQL, the
-- way a data engineer would (benchmarks/handwritten.py runs it). Same inputs (the Parquet
-- pair), the same checks as counts (bad leads, bad events, events for unknown leads), the
-- same 30 rules, decays, ranges and tiers, records in lead order, COPY to JSON Lines.
-- {leads}, {events} and {out} are replaced by quoted paths. The JSON layout of the records is
-- DuckDB's (no spaces), so their hash differs from the engines' rows.

CREATE TEMP TABLE lead_rows AS
SELECT id, file_row_number AS ord, title, "company.size" AS size, industry, country, email
FROM read_parquet({leads}, file_row_number = true);

-- The checks, as counts: one scan of the events' id, type and time.
SELECT
  (SELECT count(*) FROM lead_rows) AS leads,
  (SELECT count_if(id IS NULL OR trim(id) = '') FROM lead_rows) AS bad_leads,
  count(*) AS events,
  count_if(lead_id IS NULL OR trim(lead_id) = '' OR type IS NULL OR type = '' OR "at" IS NULL)
    AS bad_events,
  count_if(lead_id NOT IN (SELECT id FROM lead_rows)) AS unknown_lead_events
FROM read_parquet({events});

COPY (
WITH ev AS (
  SELECT lead_id, type, url, form, plan, asset,
         (epoch_us(TIMESTAMP '2026-11-01 00:00:00') - epoch_us(CAST("at" AS TIMESTAMP)))
           / 86400000000.0 AS age
  FROM read_parquet({events})
  WHERE type IN ('email.opened', 'email.clicked', 'email.unsubscribed', 'email.bounced',
                 'page.visited', 'webinar.registered', 'webinar.attended',
                 'content.downloaded', 'form.submitted')
),
decayed AS (
  SELECT *,
         CASE WHEN age > 120 THEN 0.0 WHEN age > 30 THEN 0.5 ELSE 1.0 END AS fe,
         power(0.9, floor(age / 7)) AS fi
  FROM ev WHERE age >= 0
),
per_lead AS (
  SELECT lead_id,
    least(coalesce(sum(CASE WHEN type = 'email.opened' THEN 1 * fe END), 0), 10) AS email_open,
    least(coalesce(sum(CASE WHEN type = 'email.clicked' THEN 3 * fe END), 0), 24) AS email_click,
    least(coalesce(sum(CASE WHEN type = 'page.visited' AND starts_with(url, '/blog/') THEN 1 * fe END), 0), 8)
      AS blog_reader,
    least(coalesce(sum(CASE WHEN type = 'page.visited' AND regexp_matches(url, '^/docs/(api|sdk)')
                   THEN 2 * fe END), 0), 12) AS docs_reader,
    min(CASE WHEN type = 'webinar.registered' THEN age END) AS webinar_registered_age,
    least(coalesce(sum(CASE WHEN type = 'webinar.attended' THEN 12 * fe END), 0), 24) AS webinar_attended,
    least(coalesce(sum(CASE WHEN type = 'content.downloaded' AND starts_with(asset, 'whitepaper')
                   THEN 8 * fe END), 0), 24) AS content_download,
    min(CASE WHEN type = 'email.unsubscribed' THEN age END) AS unsubscribed_age,
    min(CASE WHEN type = 'email.bounced' AND age <= 90 THEN age END) AS bounced_age,
    count_if(type = 'page.visited' AND age <= 14) AS visits_14d,
    min(CASE WHEN type = 'page.visited' AND contains(url, '/pricing') AND age <= 30 THEN age END)
      AS pricing_age,
    count_if(type = 'page.visited' AND contains(url, '/pricing') AND age <= 14) AS pricing_14d,
    min(CASE WHEN type = 'form.submitted' AND form = 'demo' THEN age END) AS demo_age,
    least(coalesce(sum(CASE WHEN type = 'form.submitted' AND form IN ('contact', 'talk-to-sales')
                   THEN 20 * fi END), 0), 40) AS contact_form,
    min(CASE WHEN type = 'form.submitted' AND form = 'trial' AND plan <> 'free' THEN age END)
      AS trial_age,
    min(CASE WHEN type = 'page.visited' AND starts_with(url, '/careers') AND age <= 30 THEN age END)
      AS careers_age,
    count_if(starts_with(type, 'email.') AND age <= 7) AS email_7d,
    least(coalesce(sum(CASE WHEN type = 'page.visited' AND ends_with(url, '/integrations') THEN 4 * fi END), 0), 8)
      AS integrations_page
  FROM decayed GROUP BY lead_id
),
dims AS (
  SELECT l.id, l.ord,
    greatest(-20, least(60,
        CASE WHEN l.title IN ('CEO', 'CTO', 'CIO', 'CFO', 'COO') THEN 20 ELSE 0 END
      + CASE WHEN l.title IN ('VP', 'VP Engineering', 'VP Marketing', 'Director', 'Head of IT',
                              'Head of Growth') THEN 12 ELSE 0 END
      + CASE WHEN contains(lower(l.title), 'manager') THEN 5 ELSE 0 END
      + CASE WHEN l.size >= 1000 THEN 15 ELSE 0 END
      + CASE WHEN l.size >= 100 AND l.size < 1000 THEN 8 ELSE 0 END
      + CASE WHEN l.size < 10 THEN -5 ELSE 0 END
      + CASE WHEN l.industry IN ('Software', 'SaaS', 'Fintech', 'Financial Services') THEN 6 ELSE 0 END
      + CASE WHEN l.country NOT IN ('US', 'CA', 'GB', 'IE', 'DE', 'NL', 'FR') THEN -3 ELSE 0 END
      + CASE WHEN regexp_matches(l.email, '(?i)@(gmail|yahoo|hotmail|outlook)[.]') THEN -5 ELSE 0 END
      + CASE WHEN ends_with(l.email, '.edu') THEN -10 ELSE 0 END
      + CASE WHEN l.title IS NULL THEN -2 ELSE 0 END)) AS fit,
    greatest(0, least(100, coalesce(p.email_open, 0) + coalesce(p.email_click, 0)
      + coalesce(p.blog_reader, 0) + coalesce(p.docs_reader, 0)
      + coalesce(5 * (CASE WHEN p.webinar_registered_age > 120 THEN 0.0
                           WHEN p.webinar_registered_age > 30 THEN 0.5
                           WHEN p.webinar_registered_age >= 0 THEN 1.0 END), 0)
      + coalesce(p.webinar_attended, 0) + coalesce(p.content_download, 0)
      + coalesce(-20 * (CASE WHEN p.unsubscribed_age > 120 THEN 0.0
                             WHEN p.unsubscribed_age > 30 THEN 0.5
                             WHEN p.unsubscribed_age >= 0 THEN 1.0 END), 0)
      + coalesce(-5 * (CASE WHEN p.bounced_age > 30 THEN 0.5
                            WHEN p.bounced_age >= 0 THEN 1.0 END), 0)
      + CASE WHEN coalesce(p.visits_14d, 0) >= 10 THEN 10 ELSE 0 END)) AS engagement,
    greatest(0, least(80, coalesce(15 * power(0.9, floor(p.pricing_age / 7)), 0)
      + CASE WHEN coalesce(p.pricing_14d, 0) >= 3 THEN 10 ELSE 0 END
      + coalesce(30 * power(0.9, floor(p.demo_age / 7)), 0)
      + coalesce(p.contact_form, 0)
      + coalesce(25 * power(0.9, floor(p.trial_age / 7)), 0)
      + coalesce(-10 * power(0.9, floor(p.careers_age / 7)), 0)
      + CASE WHEN coalesce(p.email_7d, 0) >= 1 THEN 2 ELSE 0 END
      + coalesce(p.integrations_page, 0))) AS intent
  FROM lead_rows l LEFT JOIN per_lead p ON p.lead_id = l.id
  WHERE l.id IS NOT NULL AND trim(l.id) <> ''
),
-- Rounded half away from zero on the shortest decimal text, as the spec reports a value
-- (round() of a DOUBLE would write 164.325 as 164.32).
totals AS (
  SELECT id, ord,
         round(CAST(CAST(fit + engagement + intent AS VARCHAR) AS DECIMAL(38, 18)), 2)::DOUBLE
           AS score,
         round(CAST(CAST(fit AS VARCHAR) AS DECIMAL(38, 18)), 2)::DOUBLE AS fit,
         round(CAST(CAST(engagement AS VARCHAR) AS DECIMAL(38, 18)), 2)::DOUBLE AS engagement,
         round(CAST(CAST(intent AS VARCHAR) AS DECIMAL(38, 18)), 2)::DOUBLE AS intent
  FROM dims
)
SELECT id AS lead_id, score, {'fit': fit, 'engagement': engagement, 'intent': intent} AS scores,
       CASE WHEN score >= 90 THEN 'hot' WHEN fit >= 25 AND intent >= 30 THEN 'sql'
            WHEN score >= 40 THEN 'warm' ELSE 'cold' END AS tier
FROM totals ORDER BY ord
) TO {out} (FORMAT json);
