WITH "matched" AS (
  SELECT
    e."lead_id" AS "lead_id",
    0 AS "_ord",
    CASE
      WHEN e."type" = 'email.opened'
      THEN CAST('2.0' AS DOUBLE PRECISION) * e."_sd_decaypower0"
    END AS "r0",
    CASE
      WHEN e."type" = 'email.clicked'
      THEN CAST('3.0' AS DOUBLE PRECISION) * e."_sd_decaypower0"
    END AS "r1",
    CASE WHEN e."type" = 'email.unsubscribed' THEN e."_sd_age1" END AS "r2",
    CASE
      WHEN e."type" = 'content.downloaded'
      THEN CAST('5.0' AS DOUBLE PRECISION) * e."_sd_decaypower0"
    END AS "r3",
    CASE
      WHEN e."type" = 'content.downloaded'
      AND (
        (
          NOT e."asset" IS NULL
          AND COALESCE(POSITION('case-study' IN e."_sd_fold2") > 0, FALSE)
        )
        OR (
          NOT e."asset" IS NULL AND COALESCE(STARTS_WITH(e."_sd_fold2", 'pricing-'), FALSE)
        )
      )
      THEN CAST('3.0' AS DOUBLE PRECISION) * e."_sd_decaypower0"
    END AS "r4",
    CASE
      WHEN e."type" = 'webinar.registered'
      THEN CAST('8.0' AS DOUBLE PRECISION) * e."_sd_decaypower0"
    END AS "r5",
    CASE
      WHEN e."type" = 'webinar.attended'
      THEN CAST('10.0' AS DOUBLE PRECISION) * e."_sd_decaypower0"
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
        CAST('0.9' AS DOUBLE PRECISION),
        CAST(DIV(
          (
            CAST(EXTRACT(EPOCH FROM CAST(%(as_of)s AS TIMESTAMP)) * 1000000 AS BIGINT) - CAST(EXTRACT(EPOCH FROM e."at") * 1000000 AS BIGINT)
          ),
          2592000000000
        ) AS DOUBLE PRECISION)
      ) AS "_sd_decaypower0",
      (
        CAST(EXTRACT(EPOCH FROM CAST(%(as_of)s AS TIMESTAMP)) * 1000000 AS BIGINT) - CAST(EXTRACT(EPOCH FROM e."at") * 1000000 AS BIGINT)
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
    LEAST(
      COALESCE(p."r0", CAST('0.0' AS DOUBLE PRECISION)),
      CAST('10.0' AS DOUBLE PRECISION)
    ) AS "c0",
    LEAST(COALESCE(p."r1", CAST('0.0' AS DOUBLE PRECISION)), CAST('9.0' AS DOUBLE PRECISION)) AS "c1",
    CASE
      WHEN p."r2" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('-15.0' AS DOUBLE PRECISION) * POWER(
        CAST('0.9' AS DOUBLE PRECISION),
        CAST(DIV(p."r2", 2592000000000) AS DOUBLE PRECISION)
      )
    END AS "c2",
    COALESCE(p."r3", CAST('0.0' AS DOUBLE PRECISION)) AS "c3",
    COALESCE(p."r4", CAST('0.0' AS DOUBLE PRECISION)) AS "c4",
    COALESCE(p."r5", CAST('0.0' AS DOUBLE PRECISION)) AS "c5",
    COALESCE(p."r6", CAST('0.0' AS DOUBLE PRECISION)) AS "c6",
    CASE
      WHEN p."r7" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('5.0' AS DOUBLE PRECISION) * POWER(
        CAST('0.9' AS DOUBLE PRECISION),
        CAST(DIV(p."r7", 2592000000000) AS DOUBLE PRECISION)
      )
    END AS "c7",
    CASE
      WHEN COALESCE(p."r8", 0) >= CAST('2.0' AS DOUBLE PRECISION)
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c8",
    CASE
      WHEN (
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
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c9",
    CASE
      WHEN (
        NOT l."company.size" IS NULL
        AND COALESCE(
          CASE
            WHEN TRIM(l."company.size") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            THEN CASE
              WHEN ABS(CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
              THEN CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)
            END
          END >= CAST('200.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN CAST('3.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c10",
    CASE
      WHEN NOT (
        (
          NOT l."country" IS NULL
          AND COALESCE((
            COALESCE(LOWER(l."country") IN ('ca', 'gb', 'ie', 'us'), FALSE)
          ), FALSE)
        )
      )
      THEN CAST('-2.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c11"
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
      ELSE CAST(ROUND(CAST(CAST("d0" AS TEXT) AS DECIMAL(38, 18)), 2) AS DOUBLE PRECISION)
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
        CASE
          WHEN ABS(CAST("score" AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
          THEN CAST("score" AS DOUBLE PRECISION)
        END > CAST('20.0' AS DOUBLE PRECISION),
        FALSE
      )
    )
    THEN 'sales_ready'
    WHEN (
      NOT "score" IS NULL
      AND COALESCE(
        CASE
          WHEN ABS(CAST("score" AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
          THEN CAST("score" AS DOUBLE PRECISION)
        END >= CAST('5.0' AS DOUBLE PRECISION),
        FALSE
      )
    )
    THEN 'nurture'
    ELSE 'cold'
  END AS "tier"
FROM "totals"
ORDER BY
  "_ord"
