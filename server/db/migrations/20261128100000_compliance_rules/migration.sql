-- The compliance rules, as data a regulator can edit: which check reads the row (kind), whom it binds,
-- its figures, and where it comes from in regulation. server/domain/compliance.ts has the checks.
CREATE TABLE "compliance_rule" (
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "title_zh" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "applies_to" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "compliance_rule_pkey" PRIMARY KEY ("code"),
    CONSTRAINT "compliance_rule_kind_check" CHECK ("kind" IN ('min-charitable-spending', 'max-management-costs', 'unspent-by-age', 'disclosure-cadence')),
    CONSTRAINT "compliance_rule_applies_to_check" CHECK ("applies_to" IN ('public-fundraising', 'all'))
);

INSERT INTO "compliance_rule" ("code", "kind", "title_en", "title_zh", "source", "applies_to", "parameters") VALUES
('charitable-spending-70', 'min-charitable-spending',
 'Charitable-activity spending of the year at least 70% of the previous year''s total income',
 '年度慈善活动支出不低于上年总收入的百分之七十',
 '《中华人民共和国慈善法》（2016）第六十条；民政部 财政部 国家税务总局《关于慈善组织开展慈善活动年度支出和管理费用的规定》（2016）',
 'public-fundraising', '{"minBasisPoints": 7000}'),
('management-costs-10', 'max-management-costs',
 'Management costs of the year at most 10% of the year''s total spending (management costs under 200,000 yuan are exempt)',
 '年度管理费用不高于当年总支出的百分之十（年度管理费用低于20万元的不受比例限制）',
 '《中华人民共和国慈善法》（2016）第六十条；民政部 财政部 国家税务总局《关于慈善组织开展慈善活动年度支出和管理费用的规定》（2016）第十一条（小额豁免）',
 'public-fundraising', '{"maxBasisPoints": 1000, "exemptBelowMinorUnits": 20000000}'),
('unspent-by-age', 'unspent-by-age',
 'Unspent donations by age (over 30, 90, 180 and 365 days), per campaign; a warning past one year',
 '未使用捐赠款的账龄（30、90、180、365天以上），按项目；超过一年提示',
 '《中华人民共和国慈善法》（2016）第六章 慈善财产',
 'all', '{"warnAfterDays": 365}'),
('disclosure-cadence', 'disclosure-cadence',
 'Public fundraising disclosed at least every three months for a drive longer than six months, and in full within three months of its end',
 '公开募捐周期超过六个月的，至少每三个月公开一次募捐情况；公开募捐活动结束后三个月内全面公开募捐情况',
 '《中华人民共和国慈善法》（2016）第八章 信息公开；《慈善组织信息公开办法》（民政部令第61号，2018）',
 'public-fundraising', '{"longerThanMonths": 6, "everyMonths": 3, "finalWithinMonths": 3}');
