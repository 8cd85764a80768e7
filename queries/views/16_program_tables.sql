-- Which of the contract's tables hold rows: a page whose question needs a table the program did
-- not load says so in words instead of showing zeros.
create or replace view program_tables as
select 'partners' as table_name, count(*) as row_count from partners
union all select 'cams', count(*) from cams
union all select 'deal_registrations', count(*) from deal_registrations
union all select 'forecasts', count(*) from forecasts
union all select 'mdf_allocations', count(*) from mdf_allocations
union all select 'mdf_claims', count(*) from mdf_claims
union all select 'certifications', count(*) from certifications
union all select 'qbrs', count(*) from qbrs
union all select 'market_potential', count(*) from market_potential
union all select 'program_tiers', count(*) from program_tiers
union all select 'partner_targets', count(*) from partner_targets
union all select 'incentive_programs', count(*) from incentive_programs
union all select 'incentive_payments', count(*) from incentive_payments
union all select 'partner_surveys', count(*) from partner_surveys;

-- One row of flags: does the program hold this optional data at all? Many marts read it, so
-- each flag stops at the first row that answers it (exists), never counting every registration.
-- Stored as a table at load (queries/loader.py; no parameter).
create or replace view program_has as
select
    exists (select 1 from certifications) as certifications,
    exists (select 1 from qbrs) as qbrs,
    exists (select 1 from mdf_allocations) as mdf,
    exists (select 1 from forecasts) as forecasts,
    exists (select 1 from market_potential) as market_potential,
    exists (select 1 from program_tiers) as program_tiers,
    exists (
        select 1
        from deal_registrations
        where lower(trim(origin)) in ('partner', 'vendor', 'co-sell')
    ) as partner_origin,
    exists (select 1 from partner_targets) as partner_targets,
    exists (select 1 from incentive_programs) as incentives,
    exists (select 1 from partner_surveys) as partner_surveys;
