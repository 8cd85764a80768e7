-- Conflict detection compares customers by name, ignoring case, spacing and punctuation.
create or replace macro customer_key(customer_name) as (
    nullif(trim(regexp_replace(lower(customer_name), '[^a-z0-9]+', ' ', 'g')), '')
);

create or replace view stg_deal_registrations as
with
source as (
    select * from deal_registrations
),

final as (
    select
        deal_id,
        partner_id,
        registered_on,
        lower(status) as status,
        amount,
        approved_on,
        expected_close_on,
        closed_on,
        customer_name,
        customer_key(customer_name) as customer_key,
        upper(customer_country) as customer_country,
        upper(customer_state) as customer_state,
        product_line,
        mdf_claim_id,
        -- Who found the deal; anything outside the contract's words is unknown (null).
        case
            when lower(trim(origin)) in ('partner', 'vendor', 'co-sell') then lower(trim(origin))
        end as origin,
    from source
)

select * from final;
