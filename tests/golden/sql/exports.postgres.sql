WITH "matched" AS (
  SELECT
    e."lead_id" AS "lead_id",
    0 AS "_ord",
    CASE
      WHEN e."type" = 'Form Submitted'
      AND (
        NOT CASE WHEN e."_sd_fold0" IN ('', 'n/a', 'select') THEN NULL ELSE e."Form Name" END IS NULL
        AND COALESCE(POSITION('demo' IN e."_sd_fold1") > 0, FALSE)
      )
      THEN CAST('10.0' AS DOUBLE PRECISION)
    END AS "r4"
  FROM (
    SELECT
      *,
      LOWER(TRIM(e."Form Name")) AS "_sd_fold0",
      LOWER(
        CASE
          WHEN LOWER(TRIM(e."Form Name")) IN ('', 'n/a', 'select')
          THEN NULL
          ELSE e."Form Name"
        END
      ) AS "_sd_fold1",
      (
        CAST(EXTRACT(EPOCH FROM CAST(%(as_of)s AS TIMESTAMP)) * 1000000 AS BIGINT) - CAST(EXTRACT(EPOCH FROM e."at") * 1000000 AS BIGINT)
      ) AS "_sd_age2"
    FROM "events" AS e
  ) AS e
  WHERE
    e."type" IN ('Form Submitted') AND e."_sd_age2" >= 0
), "per_lead" AS (
  SELECT
    "lead_id",
    SUM("r4") AS "r4"
  FROM "matched"
  GROUP BY
    "lead_id"
), "contributions" AS (
  SELECT
    CAST(l."id" AS VARCHAR) AS "lead_id",
    l."id" AS "_ord",
    CASE
      WHEN (
        NOT CASE
          WHEN LOWER(TRIM(l."Lead Source")) IN ('', 'n/a', 'select')
          THEN NULL
          ELSE l."Lead Source"
        END IS NULL
        AND COALESCE(
          LOWER(
            CASE
              WHEN LOWER(TRIM(l."Lead Source")) IN ('', 'n/a', 'select')
              THEN NULL
              ELSE l."Lead Source"
            END
          ) = 'google',
          FALSE
        )
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c0",
    CASE
      WHEN CASE
        WHEN LOWER(TRIM(l."specialization")) IN ('other', 'select')
        THEN NULL
        ELSE l."specialization"
      END IS NULL
      THEN CAST('-1.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c1",
    CASE
      WHEN (
        NOT CASE
          WHEN LOWER(TRIM(l."Do Not Email")) IN ('', 'n/a', 'select')
          THEN NULL
          WHEN LOWER(TRIM(l."Do Not Email")) IN ('y', 'yes')
          THEN 'true'
          WHEN LOWER(TRIM(l."Do Not Email")) IN ('n', 'no')
          THEN 'false'
          ELSE l."Do Not Email"
        END IS NULL
        AND COALESCE(
          CASE
            WHEN LOWER(
              TRIM(
                CASE
                  WHEN LOWER(TRIM(l."Do Not Email")) IN ('', 'n/a', 'select')
                  THEN NULL
                  WHEN LOWER(TRIM(l."Do Not Email")) IN ('y', 'yes')
                  THEN 'true'
                  WHEN LOWER(TRIM(l."Do Not Email")) IN ('n', 'no')
                  THEN 'false'
                  ELSE l."Do Not Email"
                END
              )
            ) = 'true'
            THEN TRUE
            WHEN LOWER(
              TRIM(
                CASE
                  WHEN LOWER(TRIM(l."Do Not Email")) IN ('', 'n/a', 'select')
                  THEN NULL
                  WHEN LOWER(TRIM(l."Do Not Email")) IN ('y', 'yes')
                  THEN 'true'
                  WHEN LOWER(TRIM(l."Do Not Email")) IN ('n', 'no')
                  THEN 'false'
                  ELSE l."Do Not Email"
                END
              )
            ) = 'false'
            THEN FALSE
          END = FALSE,
          FALSE
        )
      )
      THEN CAST('3.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c2",
    CASE
      WHEN (
        NOT CASE
          WHEN LOWER(TRIM(l."Total Visits")) IN ('', 'n/a', 'select')
          THEN NULL
          ELSE l."Total Visits"
        END IS NULL
        AND COALESCE(
          CASE
            WHEN TRIM(
              CASE
                WHEN LOWER(TRIM(l."Total Visits")) IN ('', 'n/a', 'select')
                THEN NULL
                ELSE l."Total Visits"
              END
            ) ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            THEN CASE
              WHEN ABS(
                CAST(REPLACE(
                  TRIM(
                    CASE
                      WHEN LOWER(TRIM(l."Total Visits")) IN ('', 'n/a', 'select')
                      THEN NULL
                      ELSE l."Total Visits"
                    END
                  ),
                  '_',
                  ''
                ) AS DOUBLE PRECISION)
              ) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
              THEN CAST(REPLACE(
                TRIM(
                  CASE
                    WHEN LOWER(TRIM(l."Total Visits")) IN ('', 'n/a', 'select')
                    THEN NULL
                    ELSE l."Total Visits"
                  END
                ),
                '_',
                ''
              ) AS DOUBLE PRECISION)
            END
          END >= CAST('3.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN CAST('2.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c3",
    COALESCE(p."r4", CAST('0.0' AS DOUBLE PRECISION)) AS "c4"
  FROM "leads" AS l
  LEFT JOIN "per_lead" AS p
    ON p."lead_id" = l."id"
), "dimensions" AS (
  SELECT
    "lead_id",
    "_ord",
    "c0" + "c1" + "c2" + "c3" + "c4" AS "d0"
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
  CAST(NULL AS VARCHAR) AS "tier"
FROM "totals"
ORDER BY
  "_ord"
