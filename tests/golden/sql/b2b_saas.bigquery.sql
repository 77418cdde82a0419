WITH `matched` AS (
  SELECT
    e.`lead_id` AS `lead_id`,
    0 AS `_ord`,
    CASE
      WHEN e.`type` = 'page.visited'
      AND e.`_sd_age0` <= 2592000000000
      AND (
        NOT e.`url` IS NULL AND COALESCE(INSTR(e.`_sd_fold1`, '/pricing') > 0, FALSE)
      )
      THEN e.`_sd_age0`
    END AS `r14`,
    CASE
      WHEN e.`type` = 'form.submitted'
      AND (
        NOT e.`form` IS NULL AND COALESCE(e.`_sd_fold2` = 'contact', FALSE)
      )
      THEN CAST('20.0' AS FLOAT64) * CASE
        WHEN e.`_sd_age0` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN e.`_sd_age0` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    END AS `r15`,
    CASE
      WHEN e.`type` = 'form.submitted'
      AND (
        NOT e.`form` IS NULL AND COALESCE(e.`_sd_fold2` = 'demo', FALSE)
      )
      THEN e.`_sd_age0`
    END AS `r16`,
    CASE
      WHEN e.`type` = 'content.downloaded'
      AND (
        NOT e.`asset` IS NULL
        AND COALESCE(STARTS_WITH(e.`_sd_fold3`, 'whitepaper'), FALSE)
      )
      THEN CAST('10.0' AS FLOAT64) * CASE
        WHEN e.`_sd_age0` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN e.`_sd_age0` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    END AS `r17`,
    CASE
      WHEN e.`type` = 'email.clicked'
      THEN CAST('5.0' AS FLOAT64) * CASE
        WHEN e.`_sd_age0` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN e.`_sd_age0` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    END AS `r18`,
    CASE
      WHEN e.`type` = 'page.visited'
      AND (
        NOT e.`url` IS NULL AND COALESCE(STARTS_WITH(e.`_sd_fold1`, '/blog/'), FALSE)
      )
      THEN CAST('1.0' AS FLOAT64) * CASE
        WHEN e.`_sd_age0` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN e.`_sd_age0` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    END AS `r19`,
    CASE
      WHEN e.`type` = 'page.visited'
      AND e.`_sd_age0` <= 2592000000000
      AND (
        NOT e.`url` IS NULL AND COALESCE(STARTS_WITH(e.`_sd_fold1`, '/careers'), FALSE)
      )
      THEN e.`_sd_age0`
    END AS `r20`,
    CASE WHEN e.`type` = 'page.visited' AND e.`_sd_age0` <= 1209600000000 THEN 1 END AS `r21`,
    CASE WHEN e.`type` = 'email.unsubscribed' THEN e.`_sd_age0` END AS `r22`
  FROM (
    SELECT
      *,
      (
        UNIX_MICROS(CAST(@as_of AS TIMESTAMP)) - UNIX_MICROS(e.`at`)
      ) AS `_sd_age0`,
      LOWER(e.`url`) AS `_sd_fold1`,
      LOWER(e.`form`) AS `_sd_fold2`,
      LOWER(e.`asset`) AS `_sd_fold3`
    FROM `events` AS e
  ) AS e
  WHERE
    e.`type` IN (
      'content.downloaded',
      'email.clicked',
      'email.unsubscribed',
      'form.submitted',
      'page.visited'
    )
    AND e.`_sd_age0` >= 0
), `per_lead` AS (
  SELECT
    `lead_id`,
    MIN(`r14`) AS `r14`,
    SUM(`r15`) AS `r15`,
    MIN(`r16`) AS `r16`,
    SUM(`r17`) AS `r17`,
    SUM(`r18`) AS `r18`,
    SUM(`r19`) AS `r19`,
    MIN(`r20`) AS `r20`,
    COUNT(`r21`) AS `r21`,
    MIN(`r22`) AS `r22`
  FROM `matched`
  GROUP BY
    `lead_id`
), `contributions` AS (
  SELECT
    CAST(l.`id` AS STRING) AS `lead_id`,
    l.`id` AS `_ord`,
    IF(
      (
        NOT l.`title` IS NULL
        AND COALESCE((
          COALESCE(LOWER(l.`title`) IN ('ceo', 'cfo', 'cio', 'cto'), FALSE)
        ), FALSE)
      ),
      CAST('20.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c0`,
    IF(
      (
        NOT l.`title` IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l.`title`) IN (
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
      ),
      CAST('12.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c1`,
    IF(
      (
        NOT l.`title` IS NULL AND COALESCE(INSTR(LOWER(l.`title`), 'manager') > 0, FALSE)
      ),
      CAST('5.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c2`,
    IF(
      (
        NOT l.`company.size` IS NULL
        AND COALESCE(
          IF(
            REGEXP_CONTAINS(
              REGEXP_REPLACE(
                l.`company.size`,
                '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                ''
              ),
              '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            ),
            IF(
              ABS(
                SAFE_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l.`company.size`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS FLOAT64)
              ) <= CAST('1.7976931348623157e+308' AS FLOAT64),
              SAFE_CAST(REPLACE(
                REGEXP_REPLACE(
                  l.`company.size`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '_',
                ''
              ) AS FLOAT64),
              NULL
            ),
            NULL
          ) >= CAST('500.0' AS FLOAT64),
          FALSE
        )
      ),
      CAST('15.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c3`,
    IF(
      (
        (
          NOT l.`company.size` IS NULL
          AND COALESCE(
            IF(
              REGEXP_CONTAINS(
                REGEXP_REPLACE(
                  l.`company.size`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
              ),
              IF(
                ABS(
                  SAFE_CAST(REPLACE(
                    REGEXP_REPLACE(
                      l.`company.size`,
                      '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                      ''
                    ),
                    '_',
                    ''
                  ) AS FLOAT64)
                ) <= CAST('1.7976931348623157e+308' AS FLOAT64),
                SAFE_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l.`company.size`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS FLOAT64),
                NULL
              ),
              NULL
            ) >= CAST('100.0' AS FLOAT64),
            FALSE
          )
        )
        AND (
          NOT l.`company.size` IS NULL
          AND COALESCE(
            IF(
              REGEXP_CONTAINS(
                REGEXP_REPLACE(
                  l.`company.size`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
              ),
              IF(
                ABS(
                  SAFE_CAST(REPLACE(
                    REGEXP_REPLACE(
                      l.`company.size`,
                      '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                      ''
                    ),
                    '_',
                    ''
                  ) AS FLOAT64)
                ) <= CAST('1.7976931348623157e+308' AS FLOAT64),
                SAFE_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l.`company.size`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS FLOAT64),
                NULL
              ),
              NULL
            ) < CAST('500.0' AS FLOAT64),
            FALSE
          )
        )
      ),
      CAST('8.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c4`,
    IF(
      (
        NOT l.`company.size` IS NULL
        AND COALESCE(
          IF(
            REGEXP_CONTAINS(
              REGEXP_REPLACE(
                l.`company.size`,
                '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                ''
              ),
              '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
            ),
            IF(
              ABS(
                SAFE_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l.`company.size`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS FLOAT64)
              ) <= CAST('1.7976931348623157e+308' AS FLOAT64),
              SAFE_CAST(REPLACE(
                REGEXP_REPLACE(
                  l.`company.size`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '_',
                ''
              ) AS FLOAT64),
              NULL
            ),
            NULL
          ) < CAST('10.0' AS FLOAT64),
          FALSE
        )
      ),
      CAST('-5.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c5`,
    IF(
      (
        NOT l.`company.industry` IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l.`company.industry`) IN ('financial services', 'fintech', 'saas', 'software'),
              FALSE
            )
          ),
          FALSE
        )
      ),
      CAST('5.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c6`,
    IF(
      (
        (
          (
            NOT l.`title` IS NULL
            AND COALESCE((
              COALESCE(LOWER(l.`title`) IN ('ceo', 'cfo', 'cio', 'cto'), FALSE)
            ), FALSE)
          )
          OR (
            NOT l.`title` IS NULL
            AND COALESCE(
              (
                COALESCE(
                  LOWER(l.`title`) IN (
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
          NOT l.`company.size` IS NULL
          AND COALESCE(
            IF(
              REGEXP_CONTAINS(
                REGEXP_REPLACE(
                  l.`company.size`,
                  '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                  ''
                ),
                '^(?:[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)$'
              ),
              IF(
                ABS(
                  SAFE_CAST(REPLACE(
                    REGEXP_REPLACE(
                      l.`company.size`,
                      '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                      ''
                    ),
                    '_',
                    ''
                  ) AS FLOAT64)
                ) <= CAST('1.7976931348623157e+308' AS FLOAT64),
                SAFE_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l.`company.size`,
                    '^[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+|[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{1c}\\x{1d}\\x{1e}\\x{1f}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+$',
                    ''
                  ),
                  '_',
                  ''
                ) AS FLOAT64),
                NULL
              ),
              NULL
            ) >= CAST('500.0' AS FLOAT64),
            FALSE
          )
        )
      ),
      CAST('5.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c7`,
    IF(
      (
        NOT l.`department` IS NULL
        AND COALESCE(
          (
            COALESCE(
              LOWER(l.`department`) IN ('education', 'hr', 'human resources', 'intern', 'student'),
              FALSE
            )
          ),
          FALSE
        )
      ),
      CAST('-5.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c8`,
    IF(
      (
        NOT l.`email` IS NULL AND COALESCE(ENDS_WITH(LOWER(l.`email`), '.edu'), FALSE)
      ),
      CAST('-10.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c9`,
    IF(
      (
        NOT l.`email` IS NULL
        AND COALESCE(REGEXP_CONTAINS(l.`email`, '(?i)@(gmail|yahoo|hotmail|outlook)[.]'), FALSE)
      ),
      CAST('-5.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c10`,
    IF(
      (
        NOT l.`country` IS NULL
        AND COALESCE(
          TRUE
          AND NOT (
            (
              COALESCE(LOWER(l.`country`) IN ('ca', 'de', 'gb', 'ie', 'nl', 'us'), FALSE)
            )
          ),
          FALSE
        )
      ),
      CAST('-3.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c11`,
    IF(
      (
        (
          NOT l.`company.domain` IS NULL
          AND COALESCE(
            (
              COALESCE(
                LOWER(l.`company.domain`) IN ('pipelinely.io', 'rivalsoft.com', 'scorehub.com'),
                FALSE
              )
            ),
            FALSE
          )
        )
        OR (
          NOT l.`email` IS NULL
          AND COALESCE(ENDS_WITH(LOWER(l.`email`), '@rivalsoft.com'), FALSE)
        )
      ),
      CAST('-50.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c12`,
    IF(l.`title` IS NULL, CAST('-2.0' AS FLOAT64), CAST('0.0' AS FLOAT64)) AS `c13`,
    IF(
      p.`r14` IS NULL,
      CAST('0.0' AS FLOAT64),
      CAST('15.0' AS FLOAT64) * CASE
        WHEN p.`r14` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN p.`r14` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    ) AS `c14`,
    COALESCE(p.`r15`, CAST('0.0' AS FLOAT64)) AS `c15`,
    IF(
      p.`r16` IS NULL,
      CAST('0.0' AS FLOAT64),
      CAST('25.0' AS FLOAT64) * CASE
        WHEN p.`r16` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN p.`r16` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    ) AS `c16`,
    COALESCE(p.`r17`, CAST('0.0' AS FLOAT64)) AS `c17`,
    LEAST(COALESCE(p.`r18`, CAST('0.0' AS FLOAT64)), CAST('25.0' AS FLOAT64)) AS `c18`,
    LEAST(COALESCE(p.`r19`, CAST('0.0' AS FLOAT64)), CAST('5.0' AS FLOAT64)) AS `c19`,
    IF(
      p.`r20` IS NULL,
      CAST('0.0' AS FLOAT64),
      CAST('-10.0' AS FLOAT64) * CASE
        WHEN p.`r20` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN p.`r20` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    ) AS `c20`,
    IF(
      COALESCE(p.`r21`, 0) >= CAST('5.0' AS FLOAT64),
      CAST('10.0' AS FLOAT64),
      CAST('0.0' AS FLOAT64)
    ) AS `c21`,
    IF(
      p.`r22` IS NULL,
      CAST('0.0' AS FLOAT64),
      CAST('-15.0' AS FLOAT64) * CASE
        WHEN p.`r22` > 7776000000000
        THEN CAST('0.0' AS FLOAT64)
        WHEN p.`r22` > 2592000000000
        THEN CAST('0.5' AS FLOAT64)
        ELSE CAST('1.0' AS FLOAT64)
      END
    ) AS `c22`
  FROM `leads` AS l
  LEFT JOIN `per_lead` AS p
    ON p.`lead_id` = l.`id`
), `dimensions` AS (
  SELECT
    `lead_id`,
    `_ord`,
    CAST('0.0' AS FLOAT64) AS `d0`,
    `c0` + `c1` + `c2` + `c3` + `c4` + `c5` + `c6` + `c7` + `c8` + `c9` + `c10` + `c11` + `c12` + `c13` AS `d1`,
    CASE
      WHEN `c14` + `c15` + `c16` + `c17` + `c18` + `c19` + `c20` + `c21` + `c22` < CAST('0.0' AS FLOAT64)
      THEN CAST('0.0' AS FLOAT64)
      WHEN `c14` + `c15` + `c16` + `c17` + `c18` + `c19` + `c20` + `c21` + `c22` > CAST('100.0' AS FLOAT64)
      THEN CAST('100.0' AS FLOAT64)
      ELSE `c14` + `c15` + `c16` + `c17` + `c18` + `c19` + `c20` + `c21` + `c22`
    END AS `d2`
  FROM `contributions`
), `totals` AS (
  SELECT
    `lead_id`,
    `_ord`,
    CASE
      WHEN ABS(`d0` + `d1` + `d2`) >= 1e15
      THEN `d0` + `d1` + `d2`
      ELSE CAST(ROUND(CAST(CAST(`d0` + `d1` + `d2` AS STRING) AS BIGNUMERIC), 2) AS FLOAT64)
    END + 0.0 AS `score`,
    CASE
      WHEN ABS(`d1`) >= 1e15
      THEN `d1`
      ELSE CAST(ROUND(CAST(CAST(`d1` AS STRING) AS BIGNUMERIC), 2) AS FLOAT64)
    END + 0.0 AS `s1`,
    CASE
      WHEN ABS(`d2`) >= 1e15
      THEN `d2`
      ELSE CAST(ROUND(CAST(CAST(`d2` AS STRING) AS BIGNUMERIC), 2) AS FLOAT64)
    END + 0.0 AS `s2`
  FROM `dimensions`
)
SELECT
  `lead_id`,
  `score`,
  `s1` AS `fit`,
  `s2` AS `engagement`,
  CASE
    WHEN (
      NOT `score` IS NULL
      AND COALESCE(
        IF(
          ABS(CAST(`score` AS FLOAT64)) <= CAST('1.7976931348623157e+308' AS FLOAT64),
          CAST(`score` AS FLOAT64),
          NULL
        ) > CAST('70.0' AS FLOAT64),
        FALSE
      )
    )
    THEN 'hot'
    WHEN (
      NOT `score` IS NULL
      AND COALESCE(
        IF(
          ABS(CAST(`score` AS FLOAT64)) <= CAST('1.7976931348623157e+308' AS FLOAT64),
          CAST(`score` AS FLOAT64),
          NULL
        ) >= CAST('30.0' AS FLOAT64),
        FALSE
      )
    )
    THEN 'warm'
    ELSE 'cold'
  END AS `tier`
FROM `totals`
ORDER BY
  `_ord`
