"""Word lists for a believable UK contact centre: names, cities and their fictional phone ranges."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES = (
    "Aaliyah Abdul Adam Aisha Alice Amara Amelia Amir Ana Aneesa Arjun Ava Ben Bethan Callum Carys Charlotte Chen "
    "Chloe Ciaran Connor Daniel Deepa Dylan Eilidh Eleanor Ella Emeka Emily Erin Ewan Fatima Finn Freya Gareth "
    "Georgia Grace Hamza Hannah Harry Hollie Ibrahim Imogen Isla Jack Jade Jamal Jasmine Jessica Joe Jordan Joshua "
    "Kai Karen Katie Kwame Laura Leah Lewis Liam Lily Lucy Maisie Malik Marek Maria Megan Mia Michael Mohammed "
    "Nadia Naomi Nathan Niamh Noah Olivia Oscar Owen Patrick Peter Phoebe Priya Rachel Rhys Rosie Ruby Ryan Saira "
    "Sam Sarah Scarlett Sean Shanice Siobhan Sophie Stuart Tariq Thomas Tom Uzma Victoria Wei Will Yusuf Zara Zoe"
).split()

SURNAMES = (
    "Adeyemi Ahmed Ali Allen Anderson Bailey Baker Begum Bell Bennett Brown Campbell Carter Chowdhury Clarke "
    "Collins Cooper Davies Edwards Evans Fisher Fraser Green Griffiths Hall Harris Hughes Hussain Iqbal Jackson "
    "James Jenkins Johnson Jones Kaur Kelly Khan King Kowalski Lee Lewis Li Lloyd MacDonald Martin Mensah Mitchell "
    "Moore Morgan Morris Murphy Murray Nowak Okafor O'Brien Owen Parker Patel Phillips Price Reid Roberts Robinson "
    "Rose Scott Shah Sharma Singh Smith Stewart Taylor Thomas Thompson Turner Walker Watson White Williams Wilson "
    "Wood Wright Young Zhang"
).split()


@dataclass(frozen=True)
class City:
    name: str
    outward_codes: tuple[str, ...]
    """Postcode districts of the city (the inward half is generated)."""
    area_code: str
    """The dialling code of Ofcom's drama range for the city, whose local part runs from <prefix>0000 to 0999."""
    local_prefix: str


CITIES = (
    City("Leeds", ("LS1", "LS2", "LS6", "LS8", "LS11", "LS17"), "0113", "496"),
    City("Manchester", ("M1", "M4", "M14", "M20", "M21"), "0161", "496"),
    City("Birmingham", ("B1", "B5", "B15", "B29", "B30"), "0121", "496"),
    City("Glasgow", ("G1", "G3", "G12", "G41"), "0141", "496"),
    City("Cardiff", ("CF10", "CF11", "CF14", "CF24"), "029", "2018"),
    City("Bristol", ("BS1", "BS3", "BS6", "BS8"), "0117", "496"),
    City("Newcastle", ("NE1", "NE2", "NE4", "NE6"), "0191", "498"),
    City("London", ("E1", "N7", "SE15", "SW9", "W12"), "020", "7946"),
    City("Edinburgh", ("EH1", "EH6", "EH10"), "0131", "496"),
    City("Sheffield", ("S1", "S7", "S10", "S11"), "0114", "496"),
)

SITE_CITIES = ("Leeds", "Glasgow", "Cardiff", "Manchester", "Newcastle")
"""Where the contact centre's sites are, in the order sites are opened."""

TEAM_NAMES = (
    "Billing", "Broadband Support", "Retentions", "Complaints", "Deliveries", "Payments", "Moving Home",
    "Collections", "Customer Care", "Technical", "Sales", "Bereavement Support", "Fraud", "Digital Chat",
    "Escalations", "Onboarding", "Accounts", "Loyalty", "Vulnerable Customers", "Claims",
)

STREETS = (
    "Station Road", "Victoria Street", "Church Lane", "Park Avenue", "Mill Lane", "The Crescent", "Kings Road",
    "Albert Terrace", "Meadow Close", "Harbour View", "Queen Street", "Orchard Way",
)
