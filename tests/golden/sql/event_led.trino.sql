WITH "matched" AS (
  SELECT
    e."lead_id" AS "lead_id",
    0 AS "_ord",
    CASE
      WHEN e."type" = 'email.opened'
      THEN CAST('2.0' AS DOUBLE) * e."_sd_decaypower0"
    END AS "r0",
    CASE
      WHEN e."type" = 'email.clicked'
      THEN CAST('3.0' AS DOUBLE) * e."_sd_decaypower0"
    END AS "r1",
    CASE WHEN e."type" = 'email.unsubscribed' THEN e."_sd_age1" END AS "r2",
    CASE
      WHEN e."type" = 'content.downloaded'
      THEN CAST('5.0' AS DOUBLE) * e."_sd_decaypower0"
    END AS "r3",
    CASE
      WHEN e."type" = 'content.downloaded'
      AND (
        (
          NOT e."asset" IS NULL
          AND COALESCE(STRPOS(e."_sd_fold2", 'case-study') > 0, FALSE)
        )
        OR (
          NOT e."asset" IS NULL AND COALESCE(STARTS_WITH(e."_sd_fold2", 'pricing-'), FALSE)
        )
      )
      THEN CAST('3.0' AS DOUBLE) * e."_sd_decaypower0"
    END AS "r4",
    CASE
      WHEN e."type" = 'webinar.registered'
      THEN CAST('8.0' AS DOUBLE) * e."_sd_decaypower0"
    END AS "r5",
    CASE
      WHEN e."type" = 'webinar.attended'
      THEN CAST('10.0' AS DOUBLE) * e."_sd_decaypower0"
    END AS "r6",
    CASE
      WHEN e."type" = 'webinar.attended'
      AND (
        NOT e."webinar" IS NULL AND COALESCE(e."_sd_fold3" = 'product-deep-dive', FALSE)
      )
      THEN e."_sd_age1"
    END AS "r7",
    CASE
      WHEN e."type" = 'webinar.attended' AND e."_sd_age1" <= 7776000000000
      THEN 1
    END AS "r8"
  FROM (
    SELECT
      *,
      POWER(
        CAST('0.9' AS DOUBLE),
        CAST(CAST(TRUNCATE(
          CAST((
            CAST(ROUND(TO_UNIXTIME(CAST(:as_of AS TIMESTAMP)) * 1000000) AS BIGINT) - CAST(ROUND(TO_UNIXTIME(e."at") * 1000000) AS BIGINT)
          ) AS DOUBLE) / 2592000000000
        ) AS BIGINT) AS DOUBLE)
      ) AS "_sd_decaypower0",
      (
        CAST(ROUND(TO_UNIXTIME(CAST(:as_of AS TIMESTAMP)) * 1000000) AS BIGINT) - CAST(ROUND(TO_UNIXTIME(e."at") * 1000000) AS BIGINT)
      ) AS "_sd_age1",
      LOWER(e."asset") AS "_sd_fold2",
      LOWER(e."webinar") AS "_sd_fold3"
    FROM "events" AS e
  ) AS e
  WHERE
    e."type" IN (
      'content.downloaded',
      'email.clicked',
      'email.opened',
      'email.unsubscribed',
      'webinar.attended',
      'webinar.registered'
    )
    AND e."_sd_age1" >= 0
), "per_lead" AS (
  SELECT
    "lead_id",
    SUM("r0") AS "r0",
    SUM("r1") AS "r1",
    MIN("r2") AS "r2",
    SUM("r3") AS "r3",
    SUM("r4") AS "r4",
    SUM("r5") AS "r5",
    SUM("r6") AS "r6",
    MIN("r7") AS "r7",
    COUNT("r8") AS "r8"
  FROM "matched"
  GROUP BY
    "lead_id"
), "contributions" AS (
  SELECT
    CAST(l."id" AS VARCHAR) AS "lead_id",
    l."id" AS "_ord",
    LEAST(COALESCE(p."r0", CAST('0.0' AS DOUBLE)), CAST('10.0' AS DOUBLE)) AS "c0",
    LEAST(COALESCE(p."r1", CAST('0.0' AS DOUBLE)), CAST('9.0' AS DOUBLE)) AS "c1",
    IF(
      p."r2" IS NULL,
      CAST('0.0' AS DOUBLE),
      CAST('-15.0' AS DOUBLE) * POWER(
        CAST('0.9' AS DOUBLE),
        CAST(CAST(TRUNCATE(CAST(p."r2" AS DOUBLE) / 2592000000000) AS BIGINT) AS DOUBLE)
      )
    ) AS "c2",
    COALESCE(p."r3", CAST('0.0' AS DOUBLE)) AS "c3",
    COALESCE(p."r4", CAST('0.0' AS DOUBLE)) AS "c4",
    COALESCE(p."r5", CAST('0.0' AS DOUBLE)) AS "c5",
    COALESCE(p."r6", CAST('0.0' AS DOUBLE)) AS "c6",
    IF(
      p."r7" IS NULL,
      CAST('0.0' AS DOUBLE),
      CAST('5.0' AS DOUBLE) * POWER(
        CAST('0.9' AS DOUBLE),
        CAST(CAST(TRUNCATE(CAST(p."r7" AS DOUBLE) / 2592000000000) AS BIGINT) AS DOUBLE)
      )
    ) AS "c7",
    IF(
      COALESCE(p."r8", 0) >= CAST('2.0' AS DOUBLE),
      CAST('5.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS "c8",
    IF(
      (
        NOT l."title" IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l."title") IN (
                'cmo',
                'director of marketing',
                'head of marketing',
                'marketing director',
                'vp marketing'
              ),
              FALSE
            )
          ),
          FALSE
        )
      ),
      CAST('5.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS "c9",
    IF(
      (
        NOT l."company.size" IS NULL
        AND COALESCE(
          IF(
            REGEXP_LIKE(
              REGEXP_REPLACE(
                l."company.size",
                '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+$',
                ''
              ),
              '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            ),
            IF(
              ABS(
                TRY_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l."company.size",
                    '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS DOUBLE)
              ) <= CAST('1.7976931348623157e+308' AS DOUBLE),
              TRY_CAST(REPLACE(
                REGEXP_REPLACE(
                  l."company.size",
                  '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+$',
                  ''
                ),
                '_',
                ''
              ) AS DOUBLE)
            )
          ) >= CAST('200.0' AS DOUBLE),
          FALSE
        )
      ),
      CAST('3.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS "c10",
    IF(
      NOT (
        (
          NOT l."country" IS NULL
          AND COALESCE((
            COALESCE(LOWER(l."country") IN ('ca', 'gb', 'ie', 'us'), FALSE)
          ), FALSE)
        )
      ),
      CAST('-2.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS "c11"
  FROM "leads" AS l
  LEFT JOIN "per_lead" AS p
    ON p."lead_id" = l."id"
), "dimensions" AS (
  SELECT
    "lead_id",
    "_ord",
    "c0" + "c1" + "c2" + "c3" + "c4" + "c5" + "c6" + "c7" + "c8" + "c9" + "c10" + "c11" AS "d0"
  FROM "contributions"
), "totals" AS (
  SELECT
    "lead_id",
    "_ord",
    CASE
      WHEN ABS("d0") >= 1e15
      THEN "d0"
      ELSE CAST(ROUND(CAST(CAST("d0" AS VARCHAR) AS DECIMAL(38, 18)), 2) AS DOUBLE)
    END + 0.0 AS "score"
  FROM "dimensions"
)
SELECT
  "lead_id",
  "score",
  CASE
    WHEN (
      NOT "score" IS NULL
      AND COALESCE(
        IF(
          ABS(CAST("score" AS DOUBLE)) <= CAST('1.7976931348623157e+308' AS DOUBLE),
          CAST("score" AS DOUBLE)
        ) > CAST('20.0' AS DOUBLE),
        FALSE
      )
    )
    THEN 'sales_ready'
    WHEN (
      NOT "score" IS NULL
      AND COALESCE(
        IF(
          ABS(CAST("score" AS DOUBLE)) <= CAST('1.7976931348623157e+308' AS DOUBLE),
          CAST("score" AS DOUBLE)
        ) >= CAST('5.0' AS DOUBLE),
        FALSE
      )
    )
    THEN 'nurture'
    ELSE 'cold'
  END AS "tier"
FROM "totals"
ORDER BY
  "_ord"
