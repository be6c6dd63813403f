"""The foundation's pages: everything of `core`, `tenancy`, `people` and `audit` that needs
`access` to answer a request (home and board home, navigation, the header's board switcher,
the agency, region and people pages, the second-factor middleware, the template tags).

The foundation's layers run `core` (page toolkit, imports no app) <- `tenancy` <- `people`
<- `access` <- `audit` <- `pages`; README "Working on Scrutiny" lists them all.
"""
