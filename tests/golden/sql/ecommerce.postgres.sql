WITH "matched" AS (
  SELECT
    e."lead_id" AS "lead_id",
    0 AS "_ord",
    CASE
      WHEN e."type" = 'product.viewed'
      AND (
        NOT e."category" IS NULL
        AND COALESCE(NOT (
          e."_sd_fold0" = 'gift cards'
        ), FALSE)
      )
      THEN CAST('1.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age1" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN e."_sd_age1" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r0",
    CASE
      WHEN e."type" = 'cart.viewed'
      THEN CAST('3.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age1" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN e."_sd_age1" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r1",
    CASE
      WHEN e."type" = 'cart.abandoned' AND e."_sd_age1" <= 604800000000
      THEN e."_sd_age1"
    END AS "r2",
    CASE
      WHEN e."type" = 'cart.abandoned'
      AND e."_sd_age1" <= 604800000000
      AND (
        NOT e."value" IS NULL
        AND COALESCE(
          CASE
            WHEN TRIM(e."value") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            THEN CASE
              WHEN ABS(CAST(REPLACE(TRIM(e."value"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
              THEN CAST(REPLACE(TRIM(e."value"), '_', '') AS DOUBLE PRECISION)
            END
          END >= CAST('200.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN e."_sd_age1"
    END AS "r3",
    CASE WHEN e."type" = 'order.placed' AND e."_sd_age1" <= 604800000000 THEN 1 END AS "r4",
    CASE
      WHEN e."type" = 'order.placed'
      AND (
        NOT e."total" IS NULL
        AND COALESCE(
          CASE
            WHEN TRIM(e."total") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            THEN CASE
              WHEN ABS(CAST(REPLACE(TRIM(e."total"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
              THEN CAST(REPLACE(TRIM(e."total"), '_', '') AS DOUBLE PRECISION)
            END
          END < CAST('100.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN CAST('10.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age1" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN e."_sd_age1" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r5",
    CASE
      WHEN e."type" = 'order.placed'
      AND (
        NOT e."total" IS NULL
        AND COALESCE(
          CASE
            WHEN TRIM(e."total") ~ '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            THEN CASE
              WHEN ABS(CAST(REPLACE(TRIM(e."total"), '_', '') AS DOUBLE PRECISION)) <= CAST('1.7976931348623157e+308' AS DOUBLE PRECISION)
              THEN CAST(REPLACE(TRIM(e."total"), '_', '') AS DOUBLE PRECISION)
            END
          END >= CAST('100.0' AS DOUBLE PRECISION),
          FALSE
        )
      )
      THEN CAST('20.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age1" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN e."_sd_age1" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r6",
    CASE WHEN e."type" = 'order.placed' AND e."_sd_age1" <= 7776000000000 THEN 1 END AS "r7",
    CASE
      WHEN STARTS_WITH(e."type", 'email.')
      THEN CAST('1.0' AS DOUBLE PRECISION) * CASE
        WHEN e."_sd_age1" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN e."_sd_age1" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "r8"
  FROM (
    SELECT
      *,
      LOWER(e."category") AS "_sd_fold0",
      (
        CAST(EXTRACT(EPOCH FROM CAST(%(as_of)s AS TIMESTAMP)) * 1000000 AS BIGINT) - CAST(EXTRACT(EPOCH FROM e."at") * 1000000 AS BIGINT)
      ) AS "_sd_age1"
    FROM "events" AS e
  ) AS e
  WHERE
    (
      e."type" IN ('cart.abandoned', 'cart.viewed', 'order.placed', 'product.viewed')
      OR STARTS_WITH(e."type", 'email.')
    )
    AND e."_sd_age1" >= 0
), "per_lead" AS (
  SELECT
    "lead_id",
    SUM("r0") AS "r0",
    SUM("r1") AS "r1",
    MIN("r2") AS "r2",
    MIN("r3") AS "r3",
    COUNT("r4") AS "r4",
    SUM("r5") AS "r5",
    SUM("r6") AS "r6",
    COUNT("r7") AS "r7",
    SUM("r8") AS "r8"
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
      ELSE CAST('15.0' AS DOUBLE PRECISION) * CASE
        WHEN p."r2" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN p."r2" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "c2",
    CASE
      WHEN p."r3" IS NULL
      THEN CAST('0.0' AS DOUBLE PRECISION)
      ELSE CAST('10.0' AS DOUBLE PRECISION) * CASE
        WHEN p."r3" > 2592000000000
        THEN CAST('0.25' AS DOUBLE PRECISION)
        WHEN p."r3" > 604800000000
        THEN CAST('0.75' AS DOUBLE PRECISION)
        ELSE CAST('1.0' AS DOUBLE PRECISION)
      END
    END AS "c3",
    CASE
      WHEN COALESCE(p."r4", 0) >= CAST('1.0' AS DOUBLE PRECISION)
      THEN CAST('-15.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c4",
    COALESCE(p."r5", CAST('0.0' AS DOUBLE PRECISION)) AS "c5",
    COALESCE(p."r6", CAST('0.0' AS DOUBLE PRECISION)) AS "c6",
    CASE
      WHEN COALESCE(p."r7", 0) >= CAST('2.0' AS DOUBLE PRECISION)
      THEN CAST('10.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c7",
    LEAST(COALESCE(p."r8", CAST('0.0' AS DOUBLE PRECISION)), CAST('5.0' AS DOUBLE PRECISION)) AS "c8",
    CASE
      WHEN (
        NOT l."loyalty_member" IS NULL
        AND COALESCE(
          CASE
            WHEN LOWER(TRIM(l."loyalty_member")) = 'true'
            THEN TRUE
            WHEN LOWER(TRIM(l."loyalty_member")) = 'false'
            THEN FALSE
          END = TRUE,
          FALSE
        )
      )
      THEN CAST('10.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c9",
    CASE
      WHEN (
        NOT l."signed_up_at" IS NULL
        AND COALESCE(
          (
            CAST(EXTRACT(EPOCH FROM CAST(%(as_of)s AS TIMESTAMP)) * 1000000 AS BIGINT) - CASE
              WHEN l."signed_up_at" ~ '^(?: *(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(?:[Tt ]([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:[.]([0-9]{1,9}))?)?([Zz]|([+-])([01][0-9]|2[0-3])(?::?([0-5][0-9]))?)?)? *)$'
              THEN CAST(EXTRACT(EPOCH FROM CAST(CASE
                WHEN ENDS_WITH(TRIM(l."signed_up_at"), 'Z') OR ENDS_WITH(TRIM(l."signed_up_at"), 'z')
                THEN LEFT(TRIM(l."signed_up_at"), -1) || '+00:00'
                ELSE TRIM(l."signed_up_at")
              END AS TIMESTAMP)) * 1000000 AS BIGINT)
            END
          ) BETWEEN 0 AND 2592000000000,
          FALSE
        )
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c10",
    CASE
      WHEN (
        NOT l."tags" IS NULL AND COALESCE(POSITION('vip' IN LOWER(l."tags")) > 0, FALSE)
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c11",
    CASE
      WHEN (
        NOT l."tags" IS NULL
        AND COALESCE(POSITION('reseller' IN LOWER(l."tags")) > 0, FALSE)
      )
      THEN CAST('-20.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c12",
    CASE
      WHEN (
        (
          NOT l."loyalty_member" IS NULL
          AND COALESCE(
            CASE
              WHEN LOWER(TRIM(l."loyalty_member")) = 'true'
              THEN TRUE
              WHEN LOWER(TRIM(l."loyalty_member")) = 'false'
              THEN FALSE
            END = TRUE,
            FALSE
          )
        )
        AND (
          NOT l."tags" IS NULL
          AND COALESCE(POSITION('churn-risk' IN LOWER(l."tags")) > 0, FALSE)
        )
      )
      THEN CAST('5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c13",
    CASE
      WHEN NOT l."phone" IS NULL
      THEN CAST('2.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c14",
    CASE
      WHEN l."email" IS NULL
      THEN CAST('-5.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c15",
    CASE
      WHEN (
        NOT l."country" IS NULL AND COALESCE(NOT (
          LOWER(l."country") = 'us'
        ), FALSE)
      )
      THEN CAST('-3.0' AS DOUBLE PRECISION)
      ELSE CAST('0.0' AS DOUBLE PRECISION)
    END AS "c16"
  FROM "leads" AS l
  LEFT JOIN "per_lead" AS p
    ON p."lead_id" = l."id"
), "dimensions" AS (
  SELECT
    "lead_id",
    "_ord",
    "c0" + "c1" + "c2" + "c3" + "c4" + "c5" + "c6" + "c7" + "c8" + "c9" + "c10" + "c11" + "c12" + "c13" + "c14" + "c15" + "c16" AS "d0"
  FROM "contributions"
), "totals" AS (
  SELECT
    "lead_id",
    "_ord",
    CASE
      WHEN ABS(
        CASE
          WHEN "d0" < CAST('0.0' AS DOUBLE PRECISION)
          THEN CAST('0.0' AS DOUBLE PRECISION)
          WHEN "d0" > CAST('100.0' AS DOUBLE PRECISION)
          THEN CAST('100.0' AS DOUBLE PRECISION)
          ELSE "d0"
        END
      ) >= 1e15
      THEN CASE
        WHEN "d0" < CAST('0.0' AS DOUBLE PRECISION)
        THEN CAST('0.0' AS DOUBLE PRECISION)
        WHEN "d0" > CAST('100.0' AS DOUBLE PRECISION)
        THEN CAST('100.0' AS DOUBLE PRECISION)
        ELSE "d0"
      END
      ELSE CAST(ROUND(
        CAST(CAST(CASE
          WHEN "d0" < CAST('0.0' AS DOUBLE PRECISION)
          THEN CAST('0.0' AS DOUBLE PRECISION)
          WHEN "d0" > CAST('100.0' AS DOUBLE PRECISION)
          THEN CAST('100.0' AS DOUBLE PRECISION)
          ELSE "d0"
        END AS TEXT) AS DECIMAL(38, 18)),
        2
      ) AS DOUBLE PRECISION)
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
        END >= CAST('50.0' AS DOUBLE PRECISION),
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
        END >= CAST('20.0' AS DOUBLE PRECISION),
        FALSE
      )
    )
    THEN 'warm'
    ELSE 'cold'
  END AS "tier"
FROM "totals"
ORDER BY
  "_ord"
