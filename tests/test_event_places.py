"""The event's own place, in general: sentences written for these tests (wire,
analysis and ACLED-note styles), never seed sentences.

A map reader sees a point where the act happened: the most specific place the
clause gives (a town inside the province it names), every town of a range or a
list, and not the place people come from, a speaker's place or a place the act
only might reach.  Hard negatives keep what must not move.
"""
from __future__ import annotations

from test_events import run


def _places(pipeline, text: str, etypes: tuple[str, ...] = ("militia_activity", "border_incident", "protest"),
            **kw) -> list[str | None]:
    return sorted((e.place.name if e.place else None) or "" for e in run(pipeline, text, **kw) if e.type in etypes)


def _place(pipeline, text: str, **kw) -> str | None:
    found = _places(pipeline, text, **kw)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------ the most specific place wins

def test_town_named_after_the_province_of_the_strike_wins(nlp):
    text = ("Turkish drones struck what Ankara described as PKK shelters in Iraq's Dohuk province on Sunday, "
            "killing four people near the town of Zakho, local officials said.")
    assert _place(nlp, text) == "Zakho"


def test_town_inside_the_province_wins_over_the_province(nlp):
    text = ("Army helicopters struck hideouts of the group near Baqubah in Iraq's Diyala province overnight, "
            "killing two fighters.")
    assert _place(nlp, text) == "Baqubah"


def test_a_town_of_another_province_does_not_replace_the_province(nlp):
    # Baghdad only says where the reporter is; the attack is in Anbar
    text = "A roadside bomb killed three soldiers in Anbar province on Monday, officials in Baghdad said."
    assert _place(nlp, text).startswith("Anbar")


def test_a_province_phrase_is_the_province_not_its_seat(nlp):
    text = "Unknown gunmen ambushed a police patrol in Iraq's Dohuk province on Sunday, killing two officers."
    found = run(nlp, text)
    assert found and found[0].place is not None and found[0].place.precision == 2, found[0].place


def test_a_town_read_abroad_is_read_again_inside_the_clause_country(nlp):
    # the clause names Iraq's Duhok province; its town must be found in Iraq, not taken as a Turkish city
    text = ("Turkish warplanes bombed what Ankara called PKK caves in Iraq's Duhok province on Friday, "
            "killing three people near the town of Amadiya, residents said.")
    found = [e for e in run(nlp, text) if e.type in ("militia_activity", "border_incident")]
    assert found and found[0].place is not None and found[0].place.country == "IQ", found[0].place


# ------------------------------------------------------- ranges and lists

def test_a_range_with_up_to_gives_one_event_per_town(nlp):
    text = ("From the capital Beirut to Sidon and Tyre in the south up to Tripoli in the north, "
            "protesters rallied on Sunday against the political class.")
    assert _places(nlp, text) == ["Beirut", "Sidon", "Tripoli", "Tyre"]


def test_a_simple_range_still_gives_both_ends(nlp):
    text = "Demonstrators blocked roads and rallied on Monday from Tripoli in the north to Nabatiyeh in the south."
    assert {"Tripoli", "Nabatiyeh"} <= set(_places(nlp, text))


def test_a_second_conjoined_at_phrase_is_a_list_of_sites_too(nlp):
    text = ("On March 3, 2024, U.S. aircraft struck depots used by allied militias, including sites at Rawa and "
            "Anah in Iraq, and at Mayadin and Albu Kamal in Syria.")
    assert {"Rawa", "Anah", "Mayadin", "Albu Kamal"} <= set(_places(nlp, text))


def test_a_journey_from_to_is_not_a_range(nlp):
    text = "The engineer travelled from Amman to Baghdad, where gunmen kidnapped him on Sunday."
    assert _places(nlp, text) == ["Baghdad"]


# ----------------------------------------------- where people come from

def test_a_foreign_country_people_come_from_is_not_the_place(nlp):
    text = ("Violence has risen in Iraq's Diyala province this year.\n\n"
            "Gunmen killed a group of pilgrims from Pakistan on Sunday, police said.")
    found = [e for e in run(nlp, text) if e.type == "militia_activity"]
    assert found and found[0].place is not None and found[0].place.country == "IQ", found[0].place


def test_a_delegation_from_a_capital_keeps_the_visited_city(nlp):
    found = [e for e in run(nlp, "A delegation from Tehran visited Baghdad on Monday.") if e.type == "political"]
    assert found and found[0].place is not None and found[0].place.name == "Baghdad"


def test_a_hometown_in_the_country_at_issue_is_a_last_guess(nlp):
    text = "BAGHDAD, March 3 (Reuters) - Gunmen shot dead an activist from Amara on Sunday, police said."
    assert _place(nlp, text) == "Amara"


def test_two_men_from_a_town_are_people_not_a_distance(nlp):
    text = "Masked gunmen abducted two journalists from Kirkuk on Tuesday, their employer said."
    assert _place(nlp, text) == "Kirkuk"


# ------------------------------------------ hypothetical clauses, "it"

def test_a_place_the_act_could_reach_is_not_where_it_happened(nlp):
    text = ("Tal Afar sits on the road to Syria.  It was seized by the Islamic State in 2014, giving the group a "
            "base from which it could strike the cities of Mosul and Sinjar.")
    assert _places(nlp, text) == ["Tal Afar"]


def test_it_stands_for_the_subject_of_the_sentence_before(nlp):
    text = "Ramadi is the capital of Anbar province. Islamic State fighters captured it in May 2015."
    assert _place(nlp, text) == "Ramadi"


def test_it_with_two_candidate_places_is_not_guessed(nlp):
    text = "Fallujah and Ramadi saw heavy fighting that year. Islamic State fighters captured it in May 2015."
    assert _place(nlp, text) != "Fallujah"


def test_a_warning_about_a_town_still_concerns_that_town(nlp):
    # the content of a threat is what the threat is about, not a hypothetical aside
    text = "Militants stormed a checkpoint near Samarra on Sunday so that they could reach Tikrit."
    assert _place(nlp, text) == "Samarra"


# ------------------------------------------ a place that saw the act; speakers

def test_a_city_that_has_been_the_site_of_attacks_is_their_place(nlp):
    # the city is the subject, not an actor: it was the site of the attacks
    text = "BAGHDAD, May 2 (Reuters) - Basra has been the site of repeated rocket attacks on the US consulate."
    found = [e for e in run(nlp, text) if e.type == "militia_activity"]
    assert found and found[0].place is not None and found[0].place.name == "Basra", found[0].place


def test_a_region_that_was_the_scene_of_protests_beats_a_capital_acting_in_the_sentence(nlp):
    text = "Kashmir was the scene of fresh protests on Friday after New Delhi revoked its autonomy."
    found = [e for e in run(nlp, text) if e.type == "protest"]
    assert found and found[0].place is not None and found[0].place.name == "Kashmir"
    assert "is the place of the event's clause" in found[0].why, found[0].why


def test_a_speakers_place_after_speaking_from_is_never_the_event_place(nlp):
    text = "Speaking from Beirut, a Hezbollah official said fighters had attacked an Israeli army post."
    found = [e for e in run(nlp, text) if e.type in ("militia_activity", "border_incident")]
    assert found and all(e.place is None or e.place.name != "Beirut" for e in found), [e.place for e in found]


def test_a_country_that_witnessed_something_else_is_not_the_act_place(nlp):
    text = "Iraq witnessed a diplomatic row after gunmen attacked its embassy in Tehran on Sunday."
    found = [e for e in run(nlp, text) if e.type in ("militia_activity", "protest")]
    assert found and found[0].place is not None and found[0].place.name == "Tehran"


def test_a_site_owned_by_a_city_is_more_specific_than_the_city(nlp):
    text = "Relatives of the prisoners gathered on Sunday outside Tehran's Evin prison to protest."
    found = [e for e in run(nlp, text) if e.type == "protest"]
    assert found and found[0].place is not None and found[0].place.name == "Evin prison", found[0].place


def test_a_name_called_a_city_is_the_city_not_its_province(nlp):
    found = run(nlp, "Houthi rebels fired a missile toward the Saudi city of Jizan on Wednesday.")
    assert found and found[0].place is not None and found[0].place.precision == 1, found[0].place


def test_a_nations_base_is_placed_where_the_base_is(nlp):
    text = "Militias fired rockets from the Iraqi town of Qaim toward a US base in Syria on Friday."
    found = [e for e in run(nlp, text) if e.type in ("militia_activity", "border_incident")]
    assert found and found[0].place is not None and found[0].place.country != "US", found[0].place


# ------------------------------------------ where political acts take place

def _political(pipeline, text: str, **kw) -> str | None:
    """The resolved place of the one political event of the text."""
    found = [e for e in run(pipeline, text, **kw) if e.type == "political"]
    assert len(found) == 1, [(e.type, e.place) for e in found]
    return found[0].place.resolved if found[0].place else None


def test_acts_told_within_a_visit_happen_at_its_destination(nlp):
    text = ("During his official visit to Lebanon, the Iranian foreign minister held talks with the speaker of "
            "parliament and several party leaders.")
    assert _political(nlp, text) == "Lebanon"


def test_a_trip_to_a_city_places_the_meeting_there(nlp):
    text = "On a two-day trip to Amman, the French defence minister met senior army officers on Tuesday."
    assert _political(nlp, text) == "Amman"


def test_while_visiting_a_city_places_the_statement_there(nlp):
    text = "While visiting Baghdad on Sunday, the Turkish foreign minister signed a water agreement with Iraq."
    assert _political(nlp, text) == "Baghdad"


def test_a_visit_told_as_over_is_not_where_the_meeting_was(nlp):
    # hard negative: the meeting came after the trip, so it is not in Moscow
    text = "The delegation met Kurdish leaders in a closed session after returning from a visit to Moscow."
    assert _political(nlp, text, title="Kurdish leaders weigh Iraq budget deal") != "Moscow"


def test_a_posting_in_a_title_is_not_where_the_speaker_acts(nlp):
    text = ("Parliament in Kuwait approved an aid budget on Sunday. During a meeting with Britain's ambassador "
            "to Yemen, the speaker of parliament called for an end to the blockade.")
    found = [e for e in run(nlp, text) if e.type == "political" and "ambassador" in e.quote]
    assert [e.place.resolved for e in found] == ["Kuwait"]


def test_a_posting_in_an_ambassadors_title_is_not_the_place_of_the_act(nlp):
    text = ("The Saudi foreign minister on Monday received Britain's ambassador to Yemen to discuss the "
            "ceasefire talks.")
    assert _political(nlp, text) == "Riyadh"


def test_an_envoy_to_a_country_does_not_move_his_statement_there(nlp):
    text = "The US envoy to Syria accused Moscow of blocking aid deliveries, the State Department said."
    assert _political(nlp, text) != "Syria"


def test_an_embassy_placed_by_a_country_is_in_its_capital(nlp):
    text = "The Qatari embassy in Egypt reopened on Sunday after a four-year rift, state media reported."
    assert _political(nlp, text) == "Cairo"


def test_a_consulate_in_a_named_city_stays_in_that_city(nlp):
    # hard negative: consulates are not in capitals; the city given is kept
    text = "The Turkish consulate in Mosul reopened on Sunday after years of closure, state media reported."
    assert _political(nlp, text) == "Mosul"


def test_an_official_meeting_a_foreign_head_of_state_is_at_the_heads_seat(nlp):
    text = "Iraq's foreign minister met Jordan's King Abdullah on Sunday to discuss trade and border security."
    assert _political(nlp, text) == "Amman"


def test_a_minister_received_by_a_president_named_from_the_registry(nlp):
    text = "Jordan's foreign minister Ayman Safadi met Hassan Rouhani on Tuesday, discussing regional tensions."
    assert _political(nlp, text) == "Tehran"


def test_two_heads_of_state_meeting_stay_with_the_actor(nlp):
    # hard negative: heads meet anywhere (summits); the host rule does not apply
    text = "Iraq's President Barham Salih met Jordan's King Abdullah on Sunday to discuss trade."
    assert _political(nlp, text) != "Amman"


def test_a_vice_president_is_not_a_host(nlp):
    # hard negative: "vice president" is not a head of state receiving a guest
    text = "Lebanon's foreign minister met Iran's vice president on Sunday to discuss fuel shipments."
    assert _political(nlp, text) == "Beirut"


def test_a_host_meeting_a_visiting_minister_is_at_home(nlp):
    text = ("Saudi Crown Prince Mohammed bin Salman received the visiting Iraqi foreign minister in a meeting "
            "on Monday, the royal court said.")
    assert _political(nlp, text) == "Riyadh"


def test_a_meeting_with_a_resident_ambassador_is_at_his_posting(nlp):
    # no state is named for the speaker: the ambassador is met where he is posted
    text = ("During a meeting with the new Turkish ambassador to Lebanon, the speaker of parliament stressed "
            "the importance of economic cooperation.")
    assert _political(nlp, text) == "Beirut"


def test_a_person_after_by_read_as_a_town_is_not_the_place(nlp):
    # "Khalil" is also the Arabic name of Hebron; after "a complaint by" it is a person
    text = ("The top court on Monday rejected a complaint by Khalil seeking the removal of the investigating "
            "judge in Beirut's port blast case.")
    assert _political(nlp, text, title="Court rejects bid to remove judge") not in ("Hebron", "Palestinian Territory")


def test_a_promised_deployment_is_placed_where_the_forces_go(nlp):
    text = "Germany's government on Wednesday agreed to send 150 military trainers to Jordan, a spokesman said."
    assert _political(nlp, text) == "Jordan"


def test_a_promise_with_a_destination_of_something_else_stays_with_the_actor(nlp):
    # hard negative: "to Jordan" is where a letter goes, not forces
    text = "Germany's government on Wednesday agreed to write a letter to Jordan, a spokesman said."
    assert _political(nlp, text) != "Jordan"


def test_talks_hosted_by_a_country_are_at_its_capital(nlp):
    text = "The talks, hosted by Oman, ended on Sunday without a deal on prisoner exchanges."
    assert _political(nlp, text) == "Muscat"


def test_a_host_country_gives_way_to_the_town_named_for_the_talks(nlp):
    # hard negative: the clause names where the hosted talks were held
    text = "Qatar hosted the talks in Al Khor on Tuesday, a foreign ministry spokesman said."
    assert _political(nlp, text) != "Doha"


def test_a_resident_ambassadors_own_meeting_is_at_his_posting(nlp):
    text = "On 3 June 2019, the Iranian ambassador to Iraq met with leaders of the Sadrist movement."
    assert _political(nlp, text) == "Baghdad"


def test_recalling_an_ambassador_is_not_placed_at_his_posting(nlp):
    # hard negative: the recall is the sending state's act, not the ambassador's
    text = "Iran's foreign ministry recalled its ambassador to Saudi Arabia on Monday for consultations."
    assert _political(nlp, text) != "Riyadh"


def test_a_visiting_minister_is_received_in_the_country_of_whom_he_meets(nlp):
    text = "The visiting Iraqi foreign minister met Saudi officials on Sunday to discuss electricity imports."
    assert _political(nlp, text) == "Riyadh"


def test_a_minister_who_is_not_visiting_meets_at_home(nlp):
    # hard negative: without "visiting" the acting minister's own seat stays
    text = "The Iraqi foreign minister met Saudi officials on Sunday to discuss electricity imports."
    assert _political(nlp, text) == "Baghdad"


def test_an_election_result_with_no_place_is_placed_at_the_country(nlp):
    text = "Iraqi Shia parties won 101 of 285 seats in Monday's provincial elections, the commission said."
    found = [e for e in run(nlp, text) if e.type == "political"]
    assert [(e.place.resolved, e.place.precision) for e in found] == [("Iraq", 3)]


def test_a_parliament_electing_a_president_stays_at_the_seat(nlp):
    # hard negative: lawmakers electing a president is a vote in the capital, not a national poll
    text = "Iraqi lawmakers elected Abdul Latif Rashid as the country's new president on Thursday."
    assert _political(nlp, text) == "Baghdad"


# ------------------------------------------ round 2 (places2): sites, appositions, cross-border strikes

def test_a_site_named_with_its_town_is_placed_at_the_town(nlp):
    # the owner of an embassy is whose it is; the town after "in" is where it stands
    for text in ("Two rockets hit the US embassy in Baghdad late on Sunday, security sources said.",
                 "The US embassy in Baghdad was struck by a drone overnight, the embassy said.",
                 "Hundreds of angry supporters of the militia stormed the outer wall of the US embassy in Baghdad."):
        assert _place(nlp, text) == "Baghdad", text


def test_a_consulate_of_a_foreign_state_is_never_placed_in_that_state(nlp):
    text = "Protesters set fire to the Iranian consulate in Najaf on Wednesday night."
    assert _place(nlp, text) == "Najaf"


def test_a_town_with_its_province_in_apposition_wins(nlp):
    text = "A drone struck a PMF base in Samarra, in Salahuddin province, on Tuesday, the group said."
    assert _place(nlp, text) == "Samarra"


def test_the_province_stands_when_the_town_in_apposition_is_unknown(nlp):
    text = "A drone struck a militia base in Zzyzxabad, in Salahuddin province, on Tuesday."
    assert _place(nlp, text) == "Salahuddin province"


def test_an_attack_fired_from_a_country_is_placed_on_the_target_side(nlp):
    # the village is unknown to the gazetteer: the border area on the Israeli side, not Lebanon
    text = ("Hezbollah fighters fired anti-tank missiles from Lebanon at an Israeli army post near "
            "Kfar Zzyzx on Sunday, the military said.")
    events = [e for e in run(nlp, text) if e.type == "border_incident"]
    assert events and events[0].place is not None and events[0].place.country != "LB"


def test_a_strike_from_a_country_on_a_named_town_stays_at_the_town(nlp):
    # hard negative: a known target town wins over both sides' countries
    text = "Militants fired rockets from Syria at a police station in the Turkish town of Kilis."
    assert _place(nlp, text, etypes=("border_incident", "militia_activity")) == "Kilis"


def _wire_places(pipeline, text: str) -> list[str]:
    return [e.place.name if e.place else "" for e in run(pipeline, text, dateline="2018-09-08")]


def test_a_wire_dateline_with_month_and_day_gives_the_city(nlp):
    # "CITY, Country, Mon D (Agency) -": an act with no place of its own, in a story that names the city again
    text = ("BASRA, Iraq, Sept 8 (Reuters) - Security forces fired live rounds at demonstrators outside the "
            "governor's office on Tuesday, killing two people, medics said.\n\n"
            "Residents of Basra have protested for weeks over polluted water and power cuts.")
    places = _wire_places(nlp, text)
    assert places and places[0].lower() == "basra", places


def test_a_dateline_city_the_story_never_names_again_is_not_the_place(nlp):
    # hard negative: the reporter files from Dubai; the story is about another emirate
    text = ("DUBAI, Jan 18 (Reuters) - Drones struck fuel trucks near a storage depot in the Mussafah "
            "industrial area of Abu Dhabi on Monday.\n\n"
            "A Houthi military spokesman said the group had fired five ballistic missiles and a number of drones.")
    assert all(p.lower() != "dubai" for p in _wire_places(nlp, text))


def test_a_ruler_sworn_in_in_his_country_is_placed_at_its_seat(nlp):
    text = "In Bahrain, the new crown prince was sworn in as prime minister on Wednesday, state media said."
    assert _place(nlp, text, etypes=("political",)) in ("Manama", "Al Manāmah")


def test_a_swearing_in_at_a_named_town_stays_there(nlp):
    text = "The new governor was sworn in in Najaf on Sunday, the provincial council said."
    assert _place(nlp, text, etypes=("political",)) == "Najaf"


def test_a_group_named_after_a_country_does_not_place_its_attack_there(nlp):
    # hard negative: "in Iraq" is part of the group's name, not the site of the strike
    text = "The Islamic Resistance in Iraq claimed a drone attack on a US base in Syria on Sunday."
    assert _place(nlp, text) == "Syria"


def test_storming_parliament_with_no_place_is_at_the_capital(nlp):
    text = ("Thousands of protesters marched in Basra on Friday over power cuts.\n\n"
            "On Sunday, hundreds of protesters stormed parliament, police said.")
    assert "Baghdad" in _places(nlp, text)


def test_a_provincial_parliament_is_not_at_the_capital(nlp):
    # hard negative: a local body sits in its province, not the capital
    text = ("Thousands of protesters marched in Basra on Friday over power cuts.\n\n"
            "On Sunday, hundreds of protesters stormed the provincial parliament, police said.")
    assert "Baghdad" not in _places(nlp, text)
