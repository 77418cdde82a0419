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
        CAST((
          EPOCH_US(CAST($as_of AS TIMESTAMP)) - EPOCH_US(e."at")
        ) // 2592000000000 AS DOUBLE)
      ) AS "_sd_decaypower0",
      (
        EPOCH_US(CAST($as_of AS TIMESTAMP)) - EPOCH_US(e."at")
      ) AS "_sd_age1",
      CASE
        WHEN STRLEN(e."asset") = LENGTH(e."asset")
        THEN LOWER(e."asset")
        WHEN REGEXP_MATCHES(
          e."asset",
          '[µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
        )
        THEN ARRAY_TO_STRING(
          LIST_TRANSFORM(
            STR_SPLIT(e."asset", ''),
            LAMBDA ch : CASE
              WHEN STRPOS(
                'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                ch
              ) > 0
              THEN STR_SPLIT(
                'μ|ss|i̇|ʼn|s|ǰ|ι|ΐ|ΰ|σ|β|θ|φ|π|κ|ρ|ε|եւ|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|в|д|о|с|т|т|ъ|ѣ|ꙋ|ẖ|ẗ|ẘ|ẙ|aʾ|ṡ|ss|ὐ|ὒ|ὔ|ὖ|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὰι|αι|άι|ᾶ|ᾶι|αι|ι|ὴι|ηι|ήι|ῆ|ῆι|ηι|ῒ|ΐ|ῖ|ῗ|ῢ|ΰ|ῤ|ῦ|ῧ|ὼι|ωι|ώι|ῶ|ῶι|ωι|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|ff|fi|fl|ffi|ffl|st|st|մն|մե|մի|վն|մխ',
                '|'
              )[STRPOS(
                'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                ch
              ) + 0]
              ELSE LOWER(ch)
            END
          ),
          ''
        )
        ELSE LOWER(e."asset")
      END AS "_sd_fold2",
      CASE
        WHEN STRLEN(e."webinar") = LENGTH(e."webinar")
        THEN LOWER(e."webinar")
        WHEN REGEXP_MATCHES(
          e."webinar",
          '[µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
        )
        THEN ARRAY_TO_STRING(
          LIST_TRANSFORM(
            STR_SPLIT(e."webinar", ''),
            LAMBDA ch : CASE
              WHEN STRPOS(
                'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                ch
              ) > 0
              THEN STR_SPLIT(
                'μ|ss|i̇|ʼn|s|ǰ|ι|ΐ|ΰ|σ|β|θ|φ|π|κ|ρ|ε|եւ|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|в|д|о|с|т|т|ъ|ѣ|ꙋ|ẖ|ẗ|ẘ|ẙ|aʾ|ṡ|ss|ὐ|ὒ|ὔ|ὖ|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὰι|αι|άι|ᾶ|ᾶι|αι|ι|ὴι|ηι|ήι|ῆ|ῆι|ηι|ῒ|ΐ|ῖ|ῗ|ῢ|ΰ|ῤ|ῦ|ῧ|ὼι|ωι|ώι|ῶ|ῶι|ωι|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|ff|fi|fl|ffi|ffl|st|st|մն|մե|մի|վն|մխ',
                '|'
              )[STRPOS(
                'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                ch
              ) + 0]
              ELSE LOWER(ch)
            END
          ),
          ''
        )
        ELSE LOWER(e."webinar")
      END AS "_sd_fold3"
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
    CAST(l."id" AS TEXT) AS "lead_id",
    l."id" AS "_ord",
    CASE
      WHEN COALESCE(p."r0", CAST('0.0' AS DOUBLE)) IS NULL OR CAST('10.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE LEAST(COALESCE(p."r0", CAST('0.0' AS DOUBLE)), CAST('10.0' AS DOUBLE))
    END AS "c0",
    CASE
      WHEN COALESCE(p."r1", CAST('0.0' AS DOUBLE)) IS NULL OR CAST('9.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE LEAST(COALESCE(p."r1", CAST('0.0' AS DOUBLE)), CAST('9.0' AS DOUBLE))
    END AS "c1",
    CASE
      WHEN p."r2" IS NULL
      THEN CAST('0.0' AS DOUBLE)
      ELSE CAST('-15.0' AS DOUBLE) * POWER(CAST('0.9' AS DOUBLE), CAST(p."r2" // 2592000000000 AS DOUBLE))
    END AS "c2",
    COALESCE(p."r3", CAST('0.0' AS DOUBLE)) AS "c3",
    COALESCE(p."r4", CAST('0.0' AS DOUBLE)) AS "c4",
    COALESCE(p."r5", CAST('0.0' AS DOUBLE)) AS "c5",
    COALESCE(p."r6", CAST('0.0' AS DOUBLE)) AS "c6",
    CASE
      WHEN p."r7" IS NULL
      THEN CAST('0.0' AS DOUBLE)
      ELSE CAST('5.0' AS DOUBLE) * POWER(CAST('0.9' AS DOUBLE), CAST(p."r7" // 2592000000000 AS DOUBLE))
    END AS "c7",
    CASE
      WHEN COALESCE(p."r8", 0) >= CAST('2.0' AS DOUBLE)
      THEN CAST('5.0' AS DOUBLE)
      ELSE CAST('0.0' AS DOUBLE)
    END AS "c8",
    CASE
      WHEN (
        NOT l."title" IS NULL
        AND COALESCE(
          (
            COALESCE(
              CASE
                WHEN STRLEN(l."title") = LENGTH(l."title")
                THEN LOWER(l."title")
                WHEN REGEXP_MATCHES(
                  l."title",
                  '[µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                )
                THEN ARRAY_TO_STRING(
                  LIST_TRANSFORM(
                    STR_SPLIT(l."title", ''),
                    LAMBDA ch : CASE
                      WHEN STRPOS(
                        'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                        ch
                      ) > 0
                      THEN STR_SPLIT(
                        'μ|ss|i̇|ʼn|s|ǰ|ι|ΐ|ΰ|σ|β|θ|φ|π|κ|ρ|ε|եւ|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|в|д|о|с|т|т|ъ|ѣ|ꙋ|ẖ|ẗ|ẘ|ẙ|aʾ|ṡ|ss|ὐ|ὒ|ὔ|ὖ|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὰι|αι|άι|ᾶ|ᾶι|αι|ι|ὴι|ηι|ήι|ῆ|ῆι|ηι|ῒ|ΐ|ῖ|ῗ|ῢ|ΰ|ῤ|ῦ|ῧ|ὼι|ωι|ώι|ῶ|ῶι|ωι|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|ff|fi|fl|ffi|ffl|st|st|մն|մե|մի|վն|մխ',
                        '|'
                      )[STRPOS(
                        'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                        ch
                      ) + 0]
                      ELSE LOWER(ch)
                    END
                  ),
                  ''
                )
                ELSE LOWER(l."title")
              END IN (
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
      THEN CAST('5.0' AS DOUBLE)
      ELSE CAST('0.0' AS DOUBLE)
    END AS "c9",
    CASE
      WHEN (
        NOT l."company.size" IS NULL
        AND COALESCE(
          CASE
            WHEN REGEXP_FULL_MATCH(
              REGEXP_REPLACE(
                l."company.size",
                '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+$',
                '',
                'g'
              ),
              '[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?'
            )
            THEN CASE
              WHEN ABS(
                TRY_CAST(REPLACE(
                  REGEXP_REPLACE(
                    l."company.size",
                    '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+$',
                    '',
                    'g'
                  ),
                  '_',
                  ''
                ) AS DOUBLE)
              ) <= CAST('1.7976931348623157e+308' AS DOUBLE)
              THEN TRY_CAST(REPLACE(
                REGEXP_REPLACE(
                  l."company.size",
                  '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{1c}\x{1d}\x{1e}\x{1f}\x{20}\x{85}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+$',
                  '',
                  'g'
                ),
                '_',
                ''
              ) AS DOUBLE)
            END
          END >= CAST('200.0' AS DOUBLE),
          FALSE
        )
      )
      THEN CAST('3.0' AS DOUBLE)
      ELSE CAST('0.0' AS DOUBLE)
    END AS "c10",
    CASE
      WHEN NOT (
        (
          NOT l."country" IS NULL
          AND COALESCE(
            (
              COALESCE(
                CASE
                  WHEN STRLEN(l."country") = LENGTH(l."country")
                  THEN LOWER(l."country")
                  WHEN REGEXP_MATCHES(
                    l."country",
                    '[µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
                  THEN ARRAY_TO_STRING(
                    LIST_TRANSFORM(
                      STR_SPLIT(l."country", ''),
                      LAMBDA ch : CASE
                        WHEN STRPOS(
                          'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                          ch
                        ) > 0
                        THEN STR_SPLIT(
                          'μ|ss|i̇|ʼn|s|ǰ|ι|ΐ|ΰ|σ|β|θ|φ|π|κ|ρ|ε|եւ|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|Ᏸ|Ᏹ|Ᏺ|Ᏻ|Ᏼ|Ᏽ|в|д|о|с|т|т|ъ|ѣ|ꙋ|ẖ|ẗ|ẘ|ẙ|aʾ|ṡ|ss|ὐ|ὒ|ὔ|ὖ|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἀι|ἁι|ἂι|ἃι|ἄι|ἅι|ἆι|ἇι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ἠι|ἡι|ἢι|ἣι|ἤι|ἥι|ἦι|ἧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὠι|ὡι|ὢι|ὣι|ὤι|ὥι|ὦι|ὧι|ὰι|αι|άι|ᾶ|ᾶι|αι|ι|ὴι|ηι|ήι|ῆ|ῆι|ηι|ῒ|ΐ|ῖ|ῗ|ῢ|ΰ|ῤ|ῦ|ῧ|ὼι|ωι|ώι|ῶ|ῶι|ωι|Ꭰ|Ꭱ|Ꭲ|Ꭳ|Ꭴ|Ꭵ|Ꭶ|Ꭷ|Ꭸ|Ꭹ|Ꭺ|Ꭻ|Ꭼ|Ꭽ|Ꭾ|Ꭿ|Ꮀ|Ꮁ|Ꮂ|Ꮃ|Ꮄ|Ꮅ|Ꮆ|Ꮇ|Ꮈ|Ꮉ|Ꮊ|Ꮋ|Ꮌ|Ꮍ|Ꮎ|Ꮏ|Ꮐ|Ꮑ|Ꮒ|Ꮓ|Ꮔ|Ꮕ|Ꮖ|Ꮗ|Ꮘ|Ꮙ|Ꮚ|Ꮛ|Ꮜ|Ꮝ|Ꮞ|Ꮟ|Ꮠ|Ꮡ|Ꮢ|Ꮣ|Ꮤ|Ꮥ|Ꮦ|Ꮧ|Ꮨ|Ꮩ|Ꮪ|Ꮫ|Ꮬ|Ꮭ|Ꮮ|Ꮯ|Ꮰ|Ꮱ|Ꮲ|Ꮳ|Ꮴ|Ꮵ|Ꮶ|Ꮷ|Ꮸ|Ꮹ|Ꮺ|Ꮻ|Ꮼ|Ꮽ|Ꮾ|Ꮿ|ff|fi|fl|ffi|ffl|st|st|մն|մե|մի|վն|մխ',
                          '|'
                        )[STRPOS(
                          'µßİŉſǰͅΐΰςϐϑϕϖϰϱϵևᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈẖẗẘẙẚẛẞὐὒὔὖᾀᾁᾂᾃᾄᾅᾆᾇᾈᾉᾊᾋᾌᾍᾎᾏᾐᾑᾒᾓᾔᾕᾖᾗᾘᾙᾚᾛᾜᾝᾞᾟᾠᾡᾢᾣᾤᾥᾦᾧᾨᾩᾪᾫᾬᾭᾮᾯᾲᾳᾴᾶᾷᾼιῂῃῄῆῇῌῒΐῖῗῢΰῤῦῧῲῳῴῶῷῼꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ',
                          ch
                        ) + 0]
                        ELSE LOWER(ch)
                      END
                    ),
                    ''
                  )
                  ELSE LOWER(l."country")
                END IN ('ca', 'gb', 'ie', 'us'),
                FALSE
              )
            ),
            FALSE
          )
        )
      )
      THEN CAST('-2.0' AS DOUBLE)
      ELSE CAST('0.0' AS DOUBLE)
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
      ELSE CAST(ROUND(CAST(CAST("d0" AS TEXT) AS DECIMAL(38, 18)), 2) AS DOUBLE)
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
          WHEN ABS(CAST("score" AS DOUBLE)) <= CAST('1.7976931348623157e+308' AS DOUBLE)
          THEN CAST("score" AS DOUBLE)
        END > CAST('20.0' AS DOUBLE),
        FALSE
      )
    )
    THEN 'sales_ready'
    WHEN (
      NOT "score" IS NULL
      AND COALESCE(
        CASE
          WHEN ABS(CAST("score" AS DOUBLE)) <= CAST('1.7976931348623157e+308' AS DOUBLE)
          THEN CAST("score" AS DOUBLE)
        END >= CAST('5.0' AS DOUBLE),
        FALSE
      )
    )
    THEN 'nurture'
    ELSE 'cold'
  END AS "tier"
FROM "totals"
ORDER BY
  "_ord"
