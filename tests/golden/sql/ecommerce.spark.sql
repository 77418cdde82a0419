WITH `matched` AS (
  SELECT
    e.`lead_id` AS `lead_id`,
    0 AS `_ord`,
    CASE
      WHEN e.`type` = 'product.viewed'
      AND (
        NOT e.`category` IS NULL
        AND COALESCE(NOT (
          e.`_sd_fold0` = 'gift cards'
        ), FALSE)
      )
      THEN CAST('1.0' AS DOUBLE) * CASE
        WHEN e.`_sd_age1` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN e.`_sd_age1` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    END AS `r0`,
    CASE
      WHEN e.`type` = 'cart.viewed'
      THEN CAST('3.0' AS DOUBLE) * CASE
        WHEN e.`_sd_age1` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN e.`_sd_age1` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    END AS `r1`,
    CASE
      WHEN e.`type` = 'cart.abandoned' AND e.`_sd_age1` <= 604800000000
      THEN e.`_sd_age1`
    END AS `r2`,
    CASE
      WHEN e.`type` = 'cart.abandoned'
      AND e.`_sd_age1` <= 604800000000
      AND (
        NOT e.`value` IS NULL
        AND COALESCE(
          IF(
            REGEXP_REPLACE(
              e.`value`,
              '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
              ''
            ) RLIKE '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$',
            IF(
              ABS(
                TRY_CAST(REPLACE(
                  REGEXP_REPLACE(
                    e.`value`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS DOUBLE)
              ) <= CAST('1.7976931348623157e+308' AS DOUBLE),
              TRY_CAST(REPLACE(
                REGEXP_REPLACE(
                  e.`value`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '_',
                ''
              ) AS DOUBLE),
              NULL
            ),
            NULL
          ) >= CAST('200.0' AS DOUBLE),
          FALSE
        )
      )
      THEN e.`_sd_age1`
    END AS `r3`,
    CASE WHEN e.`type` = 'order.placed' AND e.`_sd_age1` <= 604800000000 THEN 1 END AS `r4`,
    CASE
      WHEN e.`type` = 'order.placed'
      AND (
        NOT e.`total` IS NULL
        AND COALESCE(
          IF(
            REGEXP_REPLACE(
              e.`total`,
              '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
              ''
            ) RLIKE '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$',
            IF(
              ABS(
                TRY_CAST(REPLACE(
                  REGEXP_REPLACE(
                    e.`total`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS DOUBLE)
              ) <= CAST('1.7976931348623157e+308' AS DOUBLE),
              TRY_CAST(REPLACE(
                REGEXP_REPLACE(
                  e.`total`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '_',
                ''
              ) AS DOUBLE),
              NULL
            ),
            NULL
          ) < CAST('100.0' AS DOUBLE),
          FALSE
        )
      )
      THEN CAST('10.0' AS DOUBLE) * CASE
        WHEN e.`_sd_age1` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN e.`_sd_age1` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    END AS `r5`,
    CASE
      WHEN e.`type` = 'order.placed'
      AND (
        NOT e.`total` IS NULL
        AND COALESCE(
          IF(
            REGEXP_REPLACE(
              e.`total`,
              '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
              ''
            ) RLIKE '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$',
            IF(
              ABS(
                TRY_CAST(REPLACE(
                  REGEXP_REPLACE(
                    e.`total`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS DOUBLE)
              ) <= CAST('1.7976931348623157e+308' AS DOUBLE),
              TRY_CAST(REPLACE(
                REGEXP_REPLACE(
                  e.`total`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '_',
                ''
              ) AS DOUBLE),
              NULL
            ),
            NULL
          ) >= CAST('100.0' AS DOUBLE),
          FALSE
        )
      )
      THEN CAST('20.0' AS DOUBLE) * CASE
        WHEN e.`_sd_age1` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN e.`_sd_age1` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    END AS `r6`,
    CASE WHEN e.`type` = 'order.placed' AND e.`_sd_age1` <= 7776000000000 THEN 1 END AS `r7`,
    CASE
      WHEN STARTSWITH(e.`type`, 'email.')
      THEN CAST('1.0' AS DOUBLE) * CASE
        WHEN e.`_sd_age1` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN e.`_sd_age1` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    END AS `r8`
  FROM (
    SELECT
      *,
      LOWER(e.`category`) AS `_sd_fold0`,
      (
        UNIX_MICROS(CAST(CAST(:as_of AS TIMESTAMP) AS TIMESTAMP)) - UNIX_MICROS(CAST(e.`at` AS TIMESTAMP))
      ) AS `_sd_age1`
    FROM `events` AS e
  ) AS e
  WHERE
    (
      e.`type` IN ('cart.abandoned', 'cart.viewed', 'order.placed', 'product.viewed')
      OR STARTSWITH(e.`type`, 'email.')
    )
    AND e.`_sd_age1` >= 0
), `per_lead` AS (
  SELECT
    `lead_id`,
    SUM(`r0`) AS `r0`,
    SUM(`r1`) AS `r1`,
    MIN(`r2`) AS `r2`,
    MIN(`r3`) AS `r3`,
    COUNT(`r4`) AS `r4`,
    SUM(`r5`) AS `r5`,
    SUM(`r6`) AS `r6`,
    COUNT(`r7`) AS `r7`,
    SUM(`r8`) AS `r8`
  FROM `matched`
  GROUP BY
    `lead_id`
), `contributions` AS (
  SELECT
    CAST(l.`id` AS STRING) AS `lead_id`,
    l.`id` AS `_ord`,
    LEAST(COALESCE(p.`r0`, CAST('0.0' AS DOUBLE)), CAST('10.0' AS DOUBLE)) AS `c0`,
    LEAST(COALESCE(p.`r1`, CAST('0.0' AS DOUBLE)), CAST('9.0' AS DOUBLE)) AS `c1`,
    IF(
      p.`r2` IS NULL,
      CAST('0.0' AS DOUBLE),
      CAST('15.0' AS DOUBLE) * CASE
        WHEN p.`r2` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN p.`r2` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    ) AS `c2`,
    IF(
      p.`r3` IS NULL,
      CAST('0.0' AS DOUBLE),
      CAST('10.0' AS DOUBLE) * CASE
        WHEN p.`r3` > 2592000000000
        THEN CAST('0.25' AS DOUBLE)
        WHEN p.`r3` > 604800000000
        THEN CAST('0.75' AS DOUBLE)
        ELSE CAST('1.0' AS DOUBLE)
      END
    ) AS `c3`,
    IF(
      COALESCE(p.`r4`, 0) >= CAST('1.0' AS DOUBLE),
      CAST('-15.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c4`,
    COALESCE(p.`r5`, CAST('0.0' AS DOUBLE)) AS `c5`,
    COALESCE(p.`r6`, CAST('0.0' AS DOUBLE)) AS `c6`,
    IF(
      COALESCE(p.`r7`, 0) >= CAST('2.0' AS DOUBLE),
      CAST('10.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c7`,
    LEAST(COALESCE(p.`r8`, CAST('0.0' AS DOUBLE)), CAST('5.0' AS DOUBLE)) AS `c8`,
    IF(
      (
        NOT l.`loyalty_member` IS NULL
        AND COALESCE(
          CASE
            WHEN LOWER(
              REGEXP_REPLACE(
                l.`loyalty_member`,
                '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                ''
              )
            ) = 'true'
            THEN TRUE
            WHEN LOWER(
              REGEXP_REPLACE(
                l.`loyalty_member`,
                '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                ''
              )
            ) = 'false'
            THEN FALSE
          END = TRUE,
          FALSE
        )
      ),
      CAST('10.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c9`,
    IF(
      (
        NOT l.`signed_up_at` IS NULL
        AND COALESCE(
          (
            UNIX_MICROS(CAST(CAST(:as_of AS TIMESTAMP) AS TIMESTAMP)) - IF(
              l.`signed_up_at` RLIKE '^(?: *(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(?:[Tt ]([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:[.]([0-9]{1,9}))?)?([Zz]|([+-])([01][0-9]|2[0-3])(?::?([0-5][0-9]))?)?)? *)$',
              UNIX_MICROS(
                CAST(TRY_CAST(CASE
                  WHEN ENDSWITH(
                    REGEXP_REPLACE(
                      l.`signed_up_at`,
                      '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                      ''
                    ),
                    'Z'
                  )
                  OR ENDSWITH(
                    REGEXP_REPLACE(
                      l.`signed_up_at`,
                      '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                      ''
                    ),
                    'z'
                  )
                  THEN SUBSTRING(
                    REGEXP_REPLACE(
                      l.`signed_up_at`,
                      '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                      ''
                    ),
                    1,
                    LENGTH(
                      REGEXP_REPLACE(
                        l.`signed_up_at`,
                        '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                        ''
                      )
                    ) - 1
                  ) || '+00:00'
                  ELSE REGEXP_REPLACE(
                    l.`signed_up_at`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  )
                END AS TIMESTAMP) AS TIMESTAMP)
              ),
              NULL
            )
          ) BETWEEN 0 AND 2592000000000,
          FALSE
        )
      ),
      CAST('5.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c10`,
    IF(
      (
        NOT l.`tags` IS NULL AND COALESCE(LOCATE('vip', LOWER(l.`tags`)) > 0, FALSE)
      ),
      CAST('5.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c11`,
    IF(
      (
        NOT l.`tags` IS NULL AND COALESCE(LOCATE('reseller', LOWER(l.`tags`)) > 0, FALSE)
      ),
      CAST('-20.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c12`,
    IF(
      (
        (
          NOT l.`loyalty_member` IS NULL
          AND COALESCE(
            CASE
              WHEN LOWER(
                REGEXP_REPLACE(
                  l.`loyalty_member`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                )
              ) = 'true'
              THEN TRUE
              WHEN LOWER(
                REGEXP_REPLACE(
                  l.`loyalty_member`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                )
              ) = 'false'
              THEN FALSE
            END = TRUE,
            FALSE
          )
        )
        AND (
          NOT l.`tags` IS NULL
          AND COALESCE(LOCATE('churn-risk', LOWER(l.`tags`)) > 0, FALSE)
        )
      ),
      CAST('5.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c13`,
    IF(NOT l.`phone` IS NULL, CAST('2.0' AS DOUBLE), CAST('0.0' AS DOUBLE)) AS `c14`,
    IF(l.`email` IS NULL, CAST('-5.0' AS DOUBLE), CAST('0.0' AS DOUBLE)) AS `c15`,
    IF(
      (
        NOT l.`country` IS NULL AND COALESCE(NOT (
          LOWER(l.`country`) = 'us'
        ), FALSE)
      ),
      CAST('-3.0' AS DOUBLE),
      CAST('0.0' AS DOUBLE)
    ) AS `c16`
  FROM `leads` AS l
  LEFT JOIN `per_lead` AS p
    ON p.`lead_id` = l.`id`
), `dimensions` AS (
  SELECT
    `lead_id`,
    `_ord`,
    `c0` + `c1` + `c2` + `c3` + `c4` + `c5` + `c6` + `c7` + `c8` + `c9` + `c10` + `c11` + `c12` + `c13` + `c14` + `c15` + `c16` AS `d0`
  FROM `contributions`
), `totals` AS (
  SELECT
    `lead_id`,
    `_ord`,
    CASE
      WHEN ABS(
        CASE
          WHEN `d0` < CAST('0.0' AS DOUBLE)
          THEN CAST('0.0' AS DOUBLE)
          WHEN `d0` > CAST('100.0' AS DOUBLE)
          THEN CAST('100.0' AS DOUBLE)
          ELSE `d0`
        END
      ) >= 1e15
      THEN CASE
        WHEN `d0` < CAST('0.0' AS DOUBLE)
        THEN CAST('0.0' AS DOUBLE)
        WHEN `d0` > CAST('100.0' AS DOUBLE)
        THEN CAST('100.0' AS DOUBLE)
        ELSE `d0`
      END
      ELSE CAST(ROUND(
        CAST(CAST(CASE
          WHEN `d0` < CAST('0.0' AS DOUBLE)
          THEN CAST('0.0' AS DOUBLE)
          WHEN `d0` > CAST('100.0' AS DOUBLE)
          THEN CAST('100.0' AS DOUBLE)
          ELSE `d0`
        END AS STRING) AS DECIMAL(38, 18)),
        2
      ) AS DOUBLE)
    END + 0.0 AS `score`
  FROM `dimensions`
)
SELECT
  `lead_id`,
  `score`,
  CASE
    WHEN (
      NOT `score` IS NULL
      AND COALESCE(
        IF(
          ABS(CAST(`score` AS DOUBLE)) <= CAST('1.7976931348623157e+308' AS DOUBLE),
          CAST(`score` AS DOUBLE),
          NULL
        ) >= CAST('50.0' AS DOUBLE),
        FALSE
      )
    )
    THEN 'hot'
    WHEN (
      NOT `score` IS NULL
      AND COALESCE(
        IF(
          ABS(CAST(`score` AS DOUBLE)) <= CAST('1.7976931348623157e+308' AS DOUBLE),
          CAST(`score` AS DOUBLE),
          NULL
        ) >= CAST('20.0' AS DOUBLE),
        FALSE
      )
    )
    THEN 'warm'
    ELSE 'cold'
  END AS `tier`
FROM `totals`
ORDER BY
  `_ord`
