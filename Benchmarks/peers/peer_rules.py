"""What the peers need to know to score like `icp score`: how ICP folds a
name (case, and runs of spaces, underscores and hyphens, do not matter),
and the spellings of the countries and states in the benchmark's file."""
import polars as pl

SEPARATORS = r"[ _\-\t\u00a0\n\r]+"


def fold(text: str) -> str:
    import re
    return re.sub(SEPARATORS, "_", text.strip(" _-\t\u00a0\n\r")).lower()


def fold_expr(column: str) -> pl.Expr:
    """A column folded as ICP folds names; blank is missing."""
    folded = (pl.col(column).str.strip_chars(" _-\t\u00a0\n\r").str.replace_all(SEPARATORS, "_")
              .str.to_lowercase())
    return pl.when(folded == "").then(None).otherwise(folded)


def fold_distinct(df: pl.DataFrame, column: str) -> pl.Expr:
    """`fold_expr` for a column with few distinct values: each distinct
    value is folded once, in Python, and the column mapped (much faster
    than a regular expression per row)."""
    mapping = {}
    for value in df[column].unique().to_list():
        if value is not None:
            folded = fold(value)
            mapping[value] = folded if folded else None
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String)


INDUSTRIES = [fold(n) for n in ["Security Software", "Cybersecurity", "Computer & Network Security"]]
BUSINESS = {"manufacturer": fold("manufacturer"), "distributor": fold("distributor")}
# Salesforce and HubSpot with their aliases in ICP's technology catalog, as the
# technologies column is compared (lower case, no separators).
CRM = ["salesforce", "salesforce.com", "salescloud", "sfdc", "hubspot", "hubspotcrm"]
US = "US"
NORTH_AMERICA = ["US", "CA", "MX"]

COUNTRIES = {
    "united_states": "US", "usa": "US", "us": "US", "u.s.": "US", "u.s.a.": "US",
    "united_states_of_america": "US", "america": "US",
    "canada": "CA", "ca": "CA", "mexico": "MX", "mx": "MX", "méxico": "MX",
    "united_kingdom": "GB", "uk": "GB", "germany": "DE", "france": "FR", "india": "IN",
    "australia": "AU", "japan": "JP", "brazil": "BR", "netherlands": "NL", "singapore": "SG",
    "israel": "IL", "spain": "ES", "sweden": "SE", "ireland": "IE",
}
US_STATES = """alabama al alaska ak arizona az arkansas ar california ca colorado co connecticut ct delaware de
florida fl georgia ga hawaii hi idaho id illinois il indiana in iowa ia kansas ks kentucky ky louisiana la maine me
maryland md massachusetts ma michigan mi minnesota mn mississippi ms missouri mo montana mt nebraska ne nevada nv
new_hampshire nh new_jersey nj new_mexico nm new_york ny north_carolina nc north_dakota nd ohio oh oklahoma ok
oregon or pennsylvania pa rhode_island ri south_carolina sc south_dakota sd tennessee tn texas tx utah ut vermont vt
virginia va washington wa west_virginia wv wisconsin wi wyoming wy district_of_columbia dc""".split()
CA_PROVINCES = """alberta ab british_columbia bc manitoba mb new_brunswick nb newfoundland_and_labrador nl
nova_scotia ns ontario on prince_edward_island pe quebec qc québec saskatchewan sk northwest_territories nt nunavut nu
yukon yt""".split()
STATES = {**{s: "US" for s in US_STATES}, **{p: "CA" for p in CA_PROVINCES}}


def country_expr(df: pl.DataFrame) -> pl.Expr:
    """The ISO code of the country, or of the state's country when the
    country is blank; missing when neither is known."""
    folded = fold_distinct(df, "country")
    country = folded.replace_strict(COUNTRIES, default="??")
    implied = fold_distinct(df, "state").replace_strict(STATES, default=None)
    return pl.when(folded.is_not_null()).then(
        pl.when(country == "??").then(None).otherwise(country)).otherwise(implied)
