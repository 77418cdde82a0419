WITH "matched" AS (
  SELECT
    e."lead_id" AS "lead_id",
    0 AS "_ord",
    CASE
      WHEN e."type" = 'page.visited'
      AND e."_sd_age0" <= 2592000000000
      AND (
        NOT e."url" IS NULL
        AND COALESCE(POSITION('/pricing' IN e."_sd_fold1") > 0, FALSE)
      )
      THEN e."_sd_age0"
    END AS "r14",
    CASE
      WHEN e."type" = 'form.submitted'
      AND (
        NOT e."form" IS NULL AND COALESCE(e."_sd_fold2" = 'contact', FALSE)
      )
      THEN CAST('20.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age0" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN e."_sd_age0" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r15",
    CASE
      WHEN e."type" = 'form.submitted'
      AND (
        NOT e."form" IS NULL AND COALESCE(e."_sd_fold2" = 'demo', FALSE)
      )
      THEN e."_sd_age0"
    END AS "r16",
    CASE
      WHEN e."type" = 'content.downloaded'
      AND (
        NOT e."asset" IS NULL
        AND COALESCE(STARTS_WITH(e."_sd_fold3", 'whitepaper'), FALSE)
      )
      THEN CAST('10.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age0" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN e."_sd_age0" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r17",
    CASE
      WHEN e."type" = 'email.clicked'
      THEN CAST('5.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age0" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN e."_sd_age0" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r18",
    CASE
      WHEN e."type" = 'page.visited'
      AND (
        NOT e."url" IS NULL AND COALESCE(STARTS_WITH(e."_sd_fold1", '/blog/'), FALSE)
      )
      THEN CAST('1.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age0" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN e."_sd_age0" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r19",
    CASE
      WHEN e."type" = 'page.visited'
      AND e."_sd_age0" <= 2592000000000
      AND (
        NOT e."url" IS NULL AND COALESCE(STARTS_WITH(e."_sd_fold1", '/careers'), FALSE)
      )
      THEN e."_sd_age0"
    END AS "r20",
    CASE WHEN e."type" = 'page.visited' AND e."_sd_age0" <= 1209600000000 THEN 1 END AS "r21",
    CASE WHEN e."type" = 'email.unsubscribed' THEN e."_sd_age0" END AS "r22"
  FROM (
    SELECT
      *,
      (
        CAST(EXTRACT(EPOCH FROM CAST(%(as_of)s AS TIMESTAMP)) * 1000000 AS BIGINT) - CAST(EXTRACT(EPOCH FROM e."at") * 1000000 AS BIGINT)
      ) AS "_sd_age0",
      LOWER(e."url") AS "_sd_fold1",
      LOWER(e."form") AS "_sd_fold2",
      LOWER(e."asset") AS "_sd_fold3"
    FROM "events" AS e
  ) AS e
  WHERE
    e."type" IN (
      'content.downloaded',
      'email.clicked',
      'email.unsubscribed',
      'form.submitted',
      'page.visited'
    )
    AND e."_sd_age0" >= 0
), "per_lead" AS (
  SELECT
    "lead_id",
    MIN("r14") AS "r14",
    SUM("r15") AS "r15",
    MIN("r16") AS "r16",
    SUM("r17") AS "r17",
    SUM("r18") AS "r18",
    SUM("r19") AS "r19",
    MIN("r20") AS "r20",
    COUNT("r21") AS "r21",
    MIN("r22") AS "r22"
  FROM "matched"
  GROUP BY
    "lead_id"
), "contributions" AS (
  SELECT
    CAST(l."id" AS VARCHAR) AS "lead_id",
    l."id" AS "_ord",
    CASE
      WHEN (
        NOT l."title" IS NULL
        AND COALESCE((
          COALESCE(LOWER(l."title") IN ('ceo', 'cfo', 'cio', 'cto'), FALSE)
        ), FALSE)
      )
      THEN CAST('20.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c0",
    CASE
      WHEN (
        NOT l."title" IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l."title") IN (
                'director',
                'director of engineering',
                'director of it',
                'head of it',
                'it director',
                'vp',
                'vp engineering',
                'vp it',
                'vp of engineering',
                'vp operations'
              ),
              FALSE
            )
          ),
          FALSE
        )
      )
      THEN CAST('12.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c1",
    CASE
      WHEN (
        NOT l."title" IS NULL
        AND COALESCE(POSITION('manager' IN LOWER(l."title")) > 0, FALSE)
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c2",
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
          END >= CAST('500.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN CAST('15.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c3",
    CASE
      WHEN (
        (
          NOT l."company.size" IS NULL
          AND COALESCE(
            CASE
              WHEN TRIM(l."company.size") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
              THEN CASE
                WHEN ABS(CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
                THEN CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)
              END
            END >= CAST('100.0' AS DOUBLE PRECISION),
            FALSE
          )
        )
        AND (
          NOT l."company.size" IS NULL
          AND COALESCE(
            CASE
              WHEN TRIM(l."company.size") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
              THEN CASE
                WHEN ABS(CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
                THEN CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)
              END
            END < CAST('500.0' AS DOUBLE PRECISION),
            FALSE
          )
        )
      )
      THEN CAST('8.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c4",
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
          END < CAST('10.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN CAST('-5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c5",
    CASE
      WHEN (
        NOT l."company.industry" IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l."company.industry") IN ('financial services', 'fintech', 'saas', 'software'),
              FALSE
            )
          ),
          FALSE
        )
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c6",
    CASE
      WHEN (
        (
          (
            NOT l."title" IS NULL
            AND COALESCE((
              COALESCE(LOWER(l."title") IN ('ceo', 'cfo', 'cio', 'cto'), FALSE)
            ), FALSE)
          )
          OR (
            NOT l."title" IS NULL
            AND COALESCE(
              (
                COALESCE(
                  LOWER(l."title") IN (
                    'director',
                    'director of engineering',
                    'director of it',
                    'head of it',
                    'it director',
                    'vp',
                    'vp engineering',
                    'vp it',
                    'vp of engineering',
                    'vp operations'
                  ),
                  FALSE
                )
              ),
              FALSE
            )
          )
        )
        AND (
          NOT l."company.size" IS NULL
          AND COALESCE(
            CASE
              WHEN TRIM(l."company.size") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
              THEN CASE
                WHEN ABS(CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
                THEN CAST(REPLACE(TRIM(l."company.size"), '_', '') AS DOUBLE PRECISION)
              END
            END >= CAST('500.0' AS DOUBLE PRECISION),
            FALSE
          )
        )
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c7",
    CASE
      WHEN (
        NOT l."department" IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l."department") IN ('education', 'hr', 'human resources', 'intern', 'student'),
              FALSE
            )
          ),
          FALSE
        )
      )
      THEN CAST('-5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c8",
    CASE
      WHEN (
        NOT l."email" IS NULL AND COALESCE(ENDS_WITH(LOWER(l."email"), '.edu'), FALSE)
      )
      THEN CAST('-10.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c9",
    CASE
      WHEN (
        NOT l."email" IS NULL
        AND COALESCE(l."email" ~ '(?i)@(gmail|yahoo|hotmail|outlook)[.]', FALSE)
      )
      THEN CAST('-5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c10",
    CASE
      WHEN (
        NOT l."country" IS NULL
        AND COALESCE(
          TRUE
          AND NOT (
            (
              COALESCE(LOWER(l."country") IN ('ca', 'de', 'gb', 'ie', 'nl', 'us'), FALSE)
            )
          ),
          FALSE
        )
      )
      THEN CAST('-3.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c11",
    CASE
      WHEN (
        (
          NOT l."company.domain" IS NULL
          AND COALESCE(
            (
              COALESCE(
                LOWER(l."company.domain") IN ('pipelinely.io', 'rivalsoft.com', 'scorehub.com'),
                FALSE
              )
            ),
            FALSE
          )
        )
        OR (
          NOT l."email" IS NULL
          AND COALESCE(ENDS_WITH(LOWER(l."email"), '@rivalsoft.com'), FALSE)
        )
      )
      THEN CAST('-50.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c12",
    CASE
      WHEN l."title" IS NULL
      THEN CAST('-2.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c13",
    CASE
      WHEN p."r14" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('15.0' AS DOUBLE PRECISION) * CASE
        WHEN p."r14" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN p."r14" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "c14",
    COALESCE(p."r15", CAST('0.0' AS DOUBLE PRECISION)) AS "c15",
    CASE
      WHEN p."r16" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('25.0' AS DOUBLE PRECISION) * CASE
        WHEN p."r16" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN p."r16" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "c16",
    COALESCE(p."r17", CAST('0.0' AS DOUBLE PRECISION)) AS "c17",
    LEAST(
      COALESCE(p."r18", CAST('0.0' AS DOUBLE PRECISION)),
      CAST('25.0' AS DOUBLE PRECISION)
    ) AS "c18",
    LEAST(
      COALESCE(p."r19", CAST('0.0' AS DOUBLE PRECISION)),
      CAST('5.0' AS DOUBLE PRECISION)
    ) AS "c19",
    CASE
      WHEN p."r20" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('-10.0' AS DOUBLE PRECISION) * CASE
        WHEN p."r20" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN p."r20" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "c20",
    CASE
      WHEN COALESCE(p."r21", 0) >= CAST('5.0' AS DOUBLE PRECISION)
      THEN CAST('10.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c21",
    CASE
      WHEN p."r22" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('-15.0' AS DOUBLE PRECISION) * CASE
        WHEN p."r22" > 7776000000000
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN p."r22" > 2592000000000
        THEN CAST('0.5' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "c22"
  FROM "leads" AS l
  LEFT JOIN "per_lead" AS p
    ON p."lead_id" = l."id"
), "dimensions" AS (
  SELECT
    "lead_id",
    "_ord",
    CAST('0.0' AS DOUBLE PRECISION) AS "d0",
    "c0" + "c1" + "c2" + "c3" + "c4" + "c5" + "c6" + "c7" + "c8" + "c9" + "c10" + "c11" + "c12" + "c13" AS "d1",
    CASE
      WHEN "c14" + "c15" + "c16" + "c17" + "c18" + "c19" + "c20" + "c21" + "c22" < CAST('0.0' AS DOUBLE PRECISION)
      THEN CAST('0.0' AS DOUBLE PRECISION)
      WHEN "c14" + "c15" + "c16" + "c17" + "c18" + "c19" + "c20" + "c21" + "c22" > CAST('100.0' AS DOUBLE PRECISION)
      THEN CAST('100.0' AS DOUBLE PRECISION)
      ELSE "c14" + "c15" + "c16" + "c17" + "c18" + "c19" + "c20" + "c21" + "c22"
    END AS "d2"
  FROM "contributions"
), "totals" AS (
  SELECT
    "lead_id",
    "_ord",
    CASE
      WHEN ABS("d0" + "d1" + "d2") >= 1e15
      THEN "d0" + "d1" + "d2"
      ELSE CAST(ROUND(CAST(CAST("d0" + "d1" + "d2" AS TEXT) AS DECIMAL(38, 18)), 2) AS DOUBLE PRECISION)
    END + 0.0 AS "score",
    CASE
      WHEN ABS("d1") >= 1e15
      THEN "d1"
      ELSE CAST(ROUND(CAST(CAST("d1" AS TEXT) AS DECIMAL(38, 18)), 2) AS DOUBLE PRECISION)
    END + 0.0 AS "s1",
    CASE
      WHEN ABS("d2") >= 1e15
      THEN "d2"
      ELSE CAST(ROUND(CAST(CAST("d2" AS TEXT) AS DECIMAL(38, 18)), 2) AS DOUBLE PRECISION)
    END + 0.0 AS "s2"
  FROM "dimensions"
)
SELECT
  "lead_id",
  "score",
  "s1" AS "fit",
  "s2" AS "engagement",
  CASE
    WHEN (
      NOT "score" IS NULL
      AND COALESCE(
        CASE
          WHEN ABS(CAST("score" AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
          THEN CAST("score" AS DOUBLE PRECISION)
        END > CAST('70.0' AS DOUBLE PRECISION),
        FALSE
      )
    )
    THEN 'hot'
    WHEN (
      NOT "score" IS NULL
      AND COALESCE(
        CASE
          WHEN ABS(CAST("score" AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
          THEN CAST("score" AS DOUBLE PRECISION)
        END >= CAST('30.0' AS DOUBLE PRECISION),
        FALSE
      )
    )
    THEN 'warm'
    ELSE 'cold'
  END AS "tier"
FROM "totals"
ORDER BY
  "_ord"
