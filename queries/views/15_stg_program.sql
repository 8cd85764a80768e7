create or replace view stg_program_tiers as
with
source as (
    select * from program_tiers
),

final as (
    select
        tier,
        rank as tier_rank,
        discount_pct,
        target_share,
        revenue_threshold,
        min_certifications,
        qbr_every_quarters,
    from source
)

select * from final;

create or replace view stg_certifications as
select partner_id, certification, completed_on, expires_on, person from certifications;

create or replace view stg_qbrs as
select partner_id, period as quarter_start, held_on from qbrs;

create or replace view stg_market_potential as
select lower(geo_level) as geo_level, upper(geo_code) as geo_code, potential from market_potential;

-- Joint business plans: each partner's target for a quarter.
create or replace view stg_partner_targets as
select partner_id, period as quarter_start, target_amount from partner_targets;

-- Rebates and SPIFFs: an empty product line means every line.
create or replace view stg_incentive_programs as
select
    program_id,
    name,
    lower(trim(kind)) as kind,
    product_line,
    starts_on,
    ends_on,
from incentive_programs;

create or replace view stg_incentive_payments as
select payment_id, program_id, partner_id, earned_on, amount, paid_on from incentive_payments;

create or replace view stg_partner_surveys as
select partner_id, responded_on, score from partner_surveys;
