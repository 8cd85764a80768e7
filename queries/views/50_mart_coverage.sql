-- Coverage gaps (docs/metrics.md): where the market's demand outweighs partner coverage.

-- The form territory names and codes are compared in (queries/territories.py does the same).
create or replace macro territory_key(raw) as (
    nullif(trim(regexp_replace(lower(coalesce(raw, '')), '[^a-z0-9]+', ' ', 'g')), '')
);

-- Each partner's country (ISO alpha-2) and, in the United States, state (USPS code), resolved
-- from whatever spelling the data uses; unresolved values stay visible as raw text.
create or replace view int_partner_territories as
with
partners as (
    select partner_id, country, state from stg_partners
),

countries as (
    select alias, geo_code from territory_aliases where geo_level = 'country'
),

states as (
    select alias, geo_code from territory_aliases where geo_level = 'state'
),

final as (
    select
        partners.partner_id,
        partners.country as raw_country,
        partners.state as raw_state,
        countries.geo_code as country_code,
        case when countries.geo_code = 'US' then states.geo_code end as state_code,
    from partners
    left join countries on countries.alias = territory_key(partners.country)
    left join states on states.alias = territory_key(partners.state)
)

select * from final;

-- Customer locations of deal registrations, resolved the same way: the demand proxy when no
-- market potential is loaded. Stored as a table at load (queries/loader.py; no parameter).
create or replace view int_registration_territories as
with
registrations as not materialized (
    select deal_id, registered_on, amount, customer_country, customer_state
    from stg_deal_registrations
),

-- Each spelling is resolved once, not once per registration: a program has a few hundred.
countries as (
    select spelled.customer_country, aliases.geo_code,
    from (select distinct customer_country from registrations) as spelled
    join territory_aliases as aliases
        on aliases.geo_level = 'country'
        and aliases.alias = territory_key(spelled.customer_country)
),

states as (
    select spelled.customer_state, aliases.geo_code,
    from (select distinct customer_state from registrations) as spelled
    join territory_aliases as aliases
        on aliases.geo_level = 'state'
        and aliases.alias = territory_key(spelled.customer_state)
),

final as (
    select
        registrations.*,
        countries.geo_code as country_code,
        case when countries.geo_code = 'US' then states.geo_code end as state_code,
    from registrations
    left join countries on countries.customer_country = registrations.customer_country
    left join states on states.customer_state = registrations.customer_state
)

select * from final;

-- Market potential per resolved territory.
create or replace view int_market_potential as
select
    potential.geo_level,
    potential.geo_code as raw_code,
    aliases.geo_code,
    potential.potential,
from stg_market_potential as potential
left join territory_aliases as aliases
    on aliases.geo_level = potential.geo_level
    and aliases.alias = territory_key(potential.geo_code);

-- Gap per territory at one territory_level ('state' for US states, 'country'): demand share minus the
-- share of active partners, and the partners to recruit where demand is ahead.
create or replace macro coverage_gaps(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types, territory_level
) as table
with
enrolled as (
    select *
    from partner_snapshot(as_of, window_months, grace_days)
    where is_enrolled
),

located_enrolled as (
    select
        enrolled.*,
        case territory_level
            when 'state' then territories.state_code
            else territories.country_code
        end as geo_code,
    from enrolled
    join int_partner_territories as territories using (partner_id)
    -- State coverage is measured among the partners located in the United States.
    where territory_level = 'country' or territories.country_code = 'US'
),

located as (
    select partner_id, is_active, revenue, geo_code,
    from located_enrolled
    where in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

-- A region or a CAM owns a territory: the places where its enrolled partners (of any tier or
-- type) are. Demand is counted there only, so EMEA is not told to cover the United States.
footprint as (
    select distinct geo_code
    from located_enrolled
    where in_filter(regions, region) and in_filter(cams, cam_id) and geo_code is not null
),

scoped as (
    select len(regions) = 0 and len(cams) = 0 as everywhere
),

coverage as (
    select
        geo_code,
        count(*) filter (where is_active) as active_partners,
        count(*) as enrolled_partners,
        sum(revenue) as revenue,
    from located
    where geo_code is not null
    group by geo_code
),

market as (
    select geo_code, sum(potential) as potential,
    from int_market_potential
    where int_market_potential.geo_level = territory_level and geo_code is not null
        and ((select everywhere from scoped) or geo_code in (select geo_code from footprint))
    group by geo_code
),

proxy as (
    select
        case territory_level when 'state' then state_code else country_code end as geo_code,
        sum(amount) as potential,
    from int_registration_territories
    where registered_on > window_start(as_of, window_months)
        and registered_on <= cast(as_of as date)
    group by all
    having geo_code is not null
        and ((select everywhere from scoped) or geo_code in (select geo_code from footprint))
),

has_market as (
    select count(*) > 0 as flag
    from int_market_potential
    where int_market_potential.geo_level = territory_level and geo_code is not null
),

demand as (
    select geo_code, potential, 'market potential' as demand_source,
    from market
    where (select flag from has_market)
    union all
    select geo_code, potential, 'registered customers' as demand_source,
    from proxy
    where not (select flag from has_market)
),

totals as (
    select
        (select sum(potential) from demand) as total_potential,
        (select sum(active_partners) from coverage) as total_active,
),

names as (
    select distinct on (geo_code) geo_code, geo_name,
    from territory_aliases
    where territory_aliases.geo_level = territory_level
),

joined as (
    select
        coalesce(demand.geo_code, coverage.geo_code) as geo_code,
        coalesce(demand.potential, 0) as demand,
        ratio(coalesce(demand.potential, 0), totals.total_potential) as demand_share,
        coalesce(coverage.active_partners, 0) as active_partners,
        coalesce(coverage.enrolled_partners, 0) as enrolled_partners,
        ratio(coalesce(coverage.active_partners, 0), totals.total_active) as coverage_share,
        coalesce(coverage.revenue, 0) as revenue,
        totals.total_active,
        coalesce(demand.demand_source, (select any_value(demand_source) from demand))
            as demand_source,
    from demand
    full outer join coverage using (geo_code)
    cross join totals
),

final as (
    select
        joined.geo_code,
        coalesce(names.geo_name, joined.geo_code) as geo_name,
        joined.* exclude (geo_code, total_active),
        coalesce(joined.demand_share, 0) - coalesce(joined.coverage_share, 0) as gap,
        case
            when gap > 0 then cast(ceil(round(gap * coalesce(joined.total_active, 0), 9)) as integer)
            else 0
        end as partners_to_recruit,
    from joined
    left join names using (geo_code)
)

select * from final;

-- Territory values that did not resolve, counted: never silently dropped.
create or replace view unresolved_territories as
select 'partner country' as what, coalesce(raw_country, '(empty)') as value, count(*) as rows,
from int_partner_territories
where country_code is null
group by all
union all
select 'partner state (United States)', coalesce(raw_state, '(empty)'), count(*),
from int_partner_territories
where country_code = 'US' and state_code is null
group by all
union all
select 'market potential ' || geo_level, raw_code, count(*),
from int_market_potential
where geo_code is null
group by all;
