//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID
//*
//* Job 1 of 2: protects the password dataset HLQ.PASSWD so that no one
//* but COZUSER can read it. Submit it once, as a user with authority
//* over the dataset profiles of HLQ (usually a security
//* administrator).
//* RACF protects datasets, not members: every member of HLQ.PASSWD is
//* covered. The member holds one line, the password from column 1,
//* without sequence numbers (ISPF: NUM OFF).
//* LISTDSD shows the access list: check that nobody else who should
//* not see the password is on it.
//*
//PROTECT  EXEC PGM=IKJEFT01,REGION=0M
//SYSTSPRT DD SYSOUT=*
//SYSTSIN  DD DATA,DLM=$$
 /* A profile for exactly this dataset, no access by default */
 ADDSD 'HLQ.PASSWD' GENERIC UACC(NONE)
 PERMIT 'HLQ.PASSWD' GENERIC ID(COZUSER) ACCESS(READ)
 SETROPTS GENERIC(DATASET) REFRESH

 /* Show the profile and its access list */
 LISTDSD DATASET('HLQ.PASSWD') GENERIC ALL
$$
//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID
//*
//* Job 2 of 2: Co:Z SFTP to cozuser@linux1.myco.com, logging in with
//* the password in HLQ.PASSWD(SITE1). Runs as COZUSER.
//* The target's host key must already be in COZUSER's known_hosts: in
//* batch nobody can confirm a new one.
//* Put the sftp commands between the cozsftp line and EOB.
//*
//RUNSFTP  EXEC COZBATCH
//CMD.SYSUT1 DD DATA,DLM=$$
# Co:Z's helper prints the password from the dataset in PASSWD_DSN
coz_bin=/usr/lpp/coz/bin
PASSWD_DSN='HLQ.PASSWD(SITE1)'
export PASSWD_DSN
export SSH_ASKPASS=$coz_bin/read_passwd_dsn.sh
# Without a terminal ssh asks SSH_ASKPASS once DISPLAY is set;
# OpenSSH 8.4 and later also honour SSH_ASKPASS_REQUIRE=force
export DISPLAY=none
export SSH_ASKPASS_REQUIRE=force
# An unknown host key fails instead of asking; one password
# attempt per run spares the target's lockout count
ssh_opts="-oStrictHostKeyChecking=yes -oNumberOfPasswordPrompts=1"
target=cozuser@linux1.myco.com
# -b turns BatchMode on, which disables passwords: -oBatchMode=no
# must come before it
$coz_bin/cozsftp -oBatchMode=no $ssh_opts -b- "$target" <<EOB
pwd
EOB
$$
