# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# mm_test.py -- what mailman.sh asks of Mailman 3, run inside it by
# "mailman shell -r mm_test.FUNCTION" (Mailman commits afterwards).

from mailman.app.lifecycle import create_list
from mailman.interfaces.action import Action
from mailman.interfaces.archiver import ArchivePolicy
from mailman.interfaces.domain import IDomainManager
from mailman.interfaces.mailinglist import DMARCMitigateAction, ReplyToMunging
from mailman.interfaces.member import DeliveryMode, MemberRole
from mailman.interfaces.usermanager import IUserManager
from mailman.utilities.datetime import now
from zope.component import getUtility


def create(address, *members):
    """The list as sprintd's README describes it: a subject prefix, the
    footer (Mailman's default one), replies pointed at the list; the
    members subscribed and verified, no welcome mail."""
    domain = address.split('@')[1]
    if getUtility(IDomainManager).get(domain) is None:
        getUtility(IDomainManager).add(domain)
    mlist = create_list(address)
    mlist.subject_prefix = '[pypy-sprint] '
    mlist.reply_goes_to_list = ReplyToMunging.point_to_list
    mlist.send_welcome_message = False
    mlist.send_goodbye_message = False
    mlist.default_member_action = Action.accept
    mlist.dmarc_mitigate_action = DMARCMitigateAction.no_mitigation
    # Applied to every post: the test's domains publish no DMARC policy.
    mlist.dmarc_mitigate_unconditionally = True
    mlist.digests_enabled = True
    mlist.archive_policy = ArchivePolicy.never
    manager = getUtility(IUserManager)
    for member in members:
        addr = manager.create_address(member)
        addr.verified_on = now()
        mlist.subscribe(addr, MemberRole.member, send_welcome_message=False)
    print('created', mlist.fqdn_listname, len(members), 'members')


SETTINGS = {
    'dmarc_mitigate_action': lambda v: DMARCMitigateAction[v],
    'reply_goes_to_list': lambda v: ReplyToMunging[v],
    'subject_prefix': str,
}


def set(mlist, key, value):
    """One list setting, by its name and the name of its value."""
    setattr(mlist, key, SETTINGS[key](value))
    print(key, getattr(mlist, key))


def delivery(mlist, address, mode):
    """A member's delivery mode: regular, mime_digests, plaintext_digests."""
    member = mlist.members.get_member(address)
    member.preferences.delivery_mode = DeliveryMode[mode]
    print(address, member.delivery_mode)
