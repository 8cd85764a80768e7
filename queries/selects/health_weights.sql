select component, weight, description from health_weights order by weight desc
