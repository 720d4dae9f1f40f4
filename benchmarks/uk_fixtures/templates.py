"""Document templates: calls, speech-to-text, chats, emails, branch notes, complaint letters, surveys.

`{KEY}` is filled from the document's cast (see cast.py); everything else is
literal. Lower-case keys give lower-case values (speech-to-text output).
"""

CALLS = [
    """Agent: Good morning, you're through to {AG} at {ORG}, how can I help?
Customer: Hi, yeah, my name's {CFULL}, I'm ringing about my last bill, it's gone up to {PRICE}.
Agent: I'm sorry to hear that {CF}. Can I take the first line of your address and your postcode please?
Customer: It's {STREET}, {TOWN}, {PC}.
Agent: Thank you. And just to confirm your date of birth?
Customer: {DOB}.
Agent: Lovely, thanks Mr {CL}. I can see a meter reading of {METER} was taken on {PAYDATE}.
Customer: That can't be right, I sent a reading myself at {TIME}.
Agent: Okay, I'll raise that now. Your case reference is {REF}. If you need us again it's {HELPLINE}.""",
    """Agent: Thank you for calling {ORG}, my name is {AG}, who am I speaking with today?
Customer: It's {WFULL}.
Agent: Hi {WF}. How can I help?
Customer: I want to pay my bill, it's {PRICE}, and I'll do it by card.
Agent: No problem. When you're ready, the long number across the front of the card please.
Customer: {CARD}.
Agent: And the expiry date?
Customer: {EXP}.
Agent: And the three digits on the back?
Customer: {CVV}.
Agent: Thank you, that's gone through. You'll get a text on {MOB} in a few minutes.""",
    """Agent: Hello, {ORG} fraud team, you're speaking to {AG}.
Customer: Hi, I've had a text saying my card was used in Spain and I haven't been there.
Agent: Okay, let's get that sorted. Can I have your full name?
Customer: {CFULL}.
Agent: And your date of birth please?
Customer: {DOB}.
Agent: Which card is it, can you give me the last four digits?
Customer: It's the one ending {LAST4}.
Agent: Thanks. I can see {QTY} transactions since {TIME} this morning totalling {PRICE}. I'll block the card now.
Customer: Thank you, {AG}, you've been really helpful.""",
    """Agent: Albion Bank, {AG} speaking.
Customer: Hello, I need to set up a standing order to my son's account.
Agent: Of course. What's the sort code?
Customer: {SORT}.
Agent: And the account number?
Customer: {ACC}.
Agent: And the name on that account?
Customer: {OFULL}... no sorry, {OF} {CL}, he's got my surname.
Agent: Lovely. How much and when?
Customer: {PRICE} on the first of every month please.
Agent: Done. Anything else, Mrs {CL}?""",
    """Agent: Kestrel Insurance claims line, this is {AG}. Can I take your policy number?
Customer: Yes it's {REF}.
Agent: Thank you. And can you confirm your email address for me?
Customer: It's {EMAIL}.
Agent: Perfect. And a contact number in case we get cut off?
Customer: My mobile's {MOB}, or the house phone is {LAND}.
Agent: Thanks {CF}. So the leak happened at about {TIME}?
Customer: Yeah, and the plumber charged {PRICE} for the call-out.
Agent: Okay. I've logged it, someone will call you within {QTY} hours.""",
    """Agent: Harbour Telecom technical support, you're through to {AG}.
Customer: Hi, my broadband keeps dropping, it's the {ROUTER} router.
Agent: Sorry about that. Can I take your account number?
Customer: {ACCREF}.
Agent: And your name?
Customer: {CFULL}.
Agent: Thanks. Can you log in to the router at {LANIP} and tell me the firmware version?
Customer: It says {VERSION}.
Agent: And the public IP it shows on the status page?
Customer: {IP}.
Agent: Right, I can see the line resyncing {QTY} times overnight. I'll book an engineer.""",
    """Agent: Good afternoon, Brightway customer care, {AG} speaking, how can I help?
Customer: Hiya, I ordered a kettle, product code {SKU}, and it came broken.
Agent: Oh no. Have you got the order number?
Customer: Yeah it's {REF}.
Agent: Thanks. And your postcode?
Customer: {PC}.
Agent: And the name on the order?
Customer: {WFULL}.
Agent: Thank you {WF}. It was {PRICE}, I'll refund that today and send a courier for the old one.
Customer: Great, will they ring first?
Agent: Yes, on the number ending in {QTY}{QTY}. Anything else I can help with?""",
    """Agent: You're through to {AG} at Northwind, can I start with your name please?
Customer: Yeah, it's Mrs {CL}. {CF} {CL}.
Agent: Thank you Mrs {CL}. And your address?
Customer: {STREET}, {PC}.
Agent: I see you're on the fixed tariff at {PRICE} a month. Your last reading was {KWH} kilowatt hours.
Customer: My husband {OF} usually deals with it but he's in hospital.
Agent: I'm sorry to hear that. I can add him as a named contact. What's his date of birth?
Customer: Erm, {DOB}.
Agent: Lovely. I'll send the form to {EMAIL}.""",
    """Agent: Hello, HMRC-style verification first I'm afraid. Can you give me your National Insurance number?
Customer: Yes, it's {NI}.
Agent: Thank you. And your full name and date of birth?
Customer: {CFULL}, born on {DOB}.
Agent: Thanks. I can see the payment of {PRICE} was made on {PAYDATE}. Is {MOB} still the best number?
Customer: Yes that's right.
Agent: Okay {CF}, I'm {AG} by the way if you need to call back on {HELPLINE}.""",
    """Agent: Albion Bank, you're speaking to {AGFULL}, how can I help today?
Customer: Hi, I need to send money abroad and they've given me an IBAN.
Agent: No problem. Go ahead with the IBAN.
Customer: {IBAN}.
Agent: And the name of the recipient?
Customer: {OFULL}.
Agent: The transfer fee is {PRICE} and it should arrive within {QTY} working days.
Customer: Okay. And can you send me a copy to {EMAIL}?
Agent: Of course. Is there anything else, {CF}?""",
]

SPEECH_TO_TEXT = [
    """agent: hello you're through to {ag} at northwind energy how can i help
customer: hi yeah my name is {cfull} i'm calling about my direct debit
agent: okay can i take your postcode please
customer: yeah it's {PC_SP}
agent: and the first line of the address
customer: {street}
agent: thank you and your date of birth
customer: {DOB}
agent: lovely thanks {cf} so the direct debit is {PRICE_SP} a month at the moment
customer: yeah it went up by about {QTY} quid""",
    """agent: thanks for calling albion bank you're speaking to {ag}
customer: hi i need to check a payment
agent: no problem can i take your sort code and account number
customer: sort code is {SORT_SP} and the account number is {ACC_SP}
agent: thank you and your full name
customer: {cfull}
agent: okay {cf} i can see the payment of {PRICE_SP} went out at {TIME} yesterday""",
    """agent: hi there it's {ag} from brightway
customer: oh hi yeah i want to pay for the sofa
agent: lovely go ahead with the card number when you're ready
customer: it's {CARD_SP}
agent: and the expiry
customer: {EXP_SP}
agent: and the security code on the back
customer: {CVV_SP}
agent: perfect that's {PRICE} taken thank you {cf}""",
    """customer: hello is that {ORG}
agent: yes you're speaking to {ag} how can i help
customer: my name is {wfull} and i've been waiting {MINUTES} minutes
agent: i'm really sorry {wf} can i get a contact number for you
customer: it's {MOB_SP}
agent: and an email address
customer: {EMAIL_SP}
agent: thank you i'll email you the case number now""",
    """agent: good morning kestrel insurance {ag} speaking
customer: morning it's {cfull} here my policy number is {REF_SP}
agent: thank you {cf} and can you confirm your date of birth
customer: {DOB}
agent: and your postcode
customer: {pc}
agent: lovely the renewal is {PRICE_SP} and it's due on the {QTY}th""",
    """agent: you're through to {ag} in the payments team
customer: hi yeah i want to pay but my card is a bit worn let me read it
customer: {CARD_SPLIT}
agent: thank you and the expiry date
customer: {EXP}
agent: and the last three digits on the back of the card
customer: {CVV}
agent: thank you {cf} that's all gone through""",
    """agent: this is {ag} from harbour telecom is that {cf}
customer: yes speaking
agent: i'm calling about the engineer visit at {TIME} tomorrow can i confirm your address
customer: {street} {pc}
agent: and is {MOB_SP} still the best number
customer: yeah that's my mobile
agent: great the router should show firmware {VERSION} after the update""",
    """agent: hello thanks for holding you're speaking to {ag}
customer: hi my national insurance number is {NI_SP}
agent: thanks and your name please
customer: {cfull}
agent: and can you spell the surname for me
customer: yeah {cl}
agent: thank you i can see {QTY} letters were sent out, the last one on {PAYDATE}""",
]

CHATS = [
    """[{TIME}] {ORG} Assistant: Hi, you're chatting with {AG}. How can I help?
[{TIME}] Customer: hi i moved house and need to update my address
[{TIME}] {AG}: No problem! What's the new address?
[{TIME}] Customer: {STREET}, {TOWN} {PC}
[{TIME}] {AG}: Thanks. And can you confirm your email and mobile number?
[{TIME}] Customer: {EMAIL} and {MOB}
[{TIME}] {AG}: All updated, {CF}. Your next bill will be {PRICE}.""",
    """Chat started {PAYDATE} {TIME}
Customer ({CFULL}): My parcel never arrived. Tracking number {REF}
Agent ({AG}): Sorry to hear that {CF}! Let me check.
Agent ({AG}): It shows delivered at {TIME} to a safe place. Did you get a card?
Customer ({CFULL}): no and my neighbour {OF} didn't take it either
Agent ({AG}): I'll open a claim. You'll hear from us at {EMAIL} within {QTY} days.""",
    """User: hi need help with card payment failing
Bot: I can help with that. Please don't share your full card number here.
User: ok its the card ending {LAST4}, expiry {EXP}
Bot: Thanks. Transferring you to an adviser.
Agent {AG}: Hi, {AG} here. What's the amount you're trying to pay?
User: {PRICE} for order {REF}
Agent {AG}: Thanks {CF}, there was an outage between {TIME} and {TIME}. Please try again now.""",
    """Customer: Hello, can I change the phone number on my account? It's {ACCREF}
Agent: Of course! What's the new number?
Customer: {MOB}
Agent: And the old one for security?
Customer: {LAND}
Agent: Thank you. Could I also have your date of birth?
Customer: {DOB}
Agent: All done! You can also call us free on {HELPLINE}. I'm {AG} if you need me again.""",
    """[{ORG} web chat]
Visitor: my name is {wfull}, my router ip is {IP} and nothing loads
Agent {AG}: Thanks {WF}. Can you open {LANIP} and restart the hub? You're on firmware {VERSION}.
Visitor: done, still nothing. i've been on for {MINUTES} mins
Agent {AG}: I've raised fault {REF}. We'll text {MOB} with updates.""",
]

WRITTEN = [
    """Subject: Complaint about my bill (account {ACCREF})

Dear Sir or Madam,

I am writing to complain about the way I was treated on {PAYDATE}. I called {HELPLINE} at {TIME} and waited {MINUTES} minutes before speaking to {AG}, who was polite but could not help.

I was charged {PRICE} for a boiler service that never took place. I live at {STREET}, {TOWN}, {PC}, and nobody came.

Please contact me on {MOB} or at {EMAIL}.

Yours faithfully,
{CFULL}""",
    """Hi {AG},

Thanks for your help on the phone yesterday. As promised, here are my bank details for the refund:

Name: {CFULL}
Sort code: {SORT}
Account number: {ACC}

The amount was {PRICE} for order {REF} ({QTY} items, product code {SKU}).

Kind regards,
{CF}""",
    """Dear {CF},

Thank you for contacting {ORG}. Your complaint reference is {REF}. We aim to reply within {QTY} working days.

If you have any questions please call us free on {HELPLINE}, Monday to Friday 8:00 to 20:00.

Kind regards,
{AGFULL}
Customer Relations Team""",
    """To whom it may concern,

My late mother, {OFULL}, held a policy with you ({REF}). I am her son, {CFULL}, and the executor.

Her date of birth was {DOB} and her National Insurance number {NI}. Her address was {STREET}, {PC}.

I have been passed between departments {QTY} times. Please send all correspondence to me at {EMAIL}.

Regards,
{CFULL}""",
    """From: {EMAIL}
To: complaints@brightway.example
Subject: Faulty washing machine, batch {BATCH}

Hello,

The washing machine I bought ({SKU}, {PRICE}) has leaked twice. The engineer said batch {BATCH} has a known fault.

I paid by card ending {LAST4}. My phone number is {MOB}.

Thanks,
{WFULL}""",
]

NOTES = [
    """Branch visit notes, {PAYDATE}, {TIME}. Customer {CFULL} attended to open a joint account with partner {OF} {CL}.
ID checked: passport and a utility bill for {STREET}, {PC}. DOB {DOB}. Contact {MOB}.
Colleague {AG} completed the application; reference {REF}. Customer asked about the {PRICE} monthly fee. Meter readings and the {KWH} kWh bill were not needed.""",
    """Mystery shop, {ORG} store, {TIME}. Shopper persona: first-time buyer asking about a phone contract at {PRICE} a month.
Greeted within {MINUTES} seconds by {AG} (name badge). {AG} asked for the shopper's name ({CFULL}) and mobile ({MOB}) to send a quote.
Did not ask about needs before pitching. Quoted handset {SKU}, firmware {VERSION}. Score: {QTY}/40.""",
    """Call review note: agent {AG} took payment from {CF} {CL} and read the card number back in full ({CARD}) plus the security code {CVV}. This is a PCI breach and a critical fail.
Agent also confirmed the customer's postcode {PC} and date of birth {DOB} out loud in a busy office. Call lasted {MINUTES} minutes.""",
    """Survey verbatim (CSAT 2, NPS 3): "Spoke to {AG} who was lovely but the system kept failing. I gave my account number {ACCREF} three times and my postcode {PC}. Still waiting on a refund of {PRICE}. Call me on {MOB}. - {CF}" """,
    """Survey verbatim (CSAT 5): "{AG} was brilliant, sorted my meter reading ({METER}) and the bill dropped to {PRICE}. Best service in {QTY} years. Please pass on my thanks. {WFULL}" """,
    """Complaint summary: {CFULL} ({EMAIL}) says she was cut off {QTY} times while calling {HELPLINE}. Her MPAN is {MPAN}, meter reading {METER}. Root cause: queue overflow between {TIME} and {TIME}. Owner: {AGFULL}.""",
    """Callback request: Mr {CL} wants a call on {LAND} after {TIME}. Mentioned his wife {OF} handles the bills. Order {REF}, {QTY} boxes of tiles at {PRICE} each, product {SKU}.""",
]

ALL = {"call": CALLS, "stt": SPEECH_TO_TEXT, "chat": CHATS, "written": WRITTEN, "note": NOTES}
