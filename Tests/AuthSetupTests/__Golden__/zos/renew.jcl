//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID
//*
//* Renews the certificate MY-CERT of COZUSER until 2040-12-31, keeping
//* its key pair.
//* RUN THIS BEFORE THE CERTIFICATE EXPIRES. Renewed in time, the key
//* pair stays the same and the public key in the targets'
//* authorized_keys stays valid. Once it has expired, a new certificate
//* with a new key pair is needed, and its public key must be exported
//* and added to authorized_keys on every target again.
//* Run by COZUSER (or an administrator) with authority for RACDCERT
//* GENREQ and GENCERT in the FACILITY class. If DIGTCERT is RACLISTed,
//* an administrator then refreshes it: SETROPTS RACLIST(DIGTCERT)
//* REFRESH.
//* IKJEFT01 ends with the return code of the last command only: read
//* SYSTSPRT to see how each command went.
//*
//RENEW    EXEC PGM=IKJEFT01,REGION=0M
//SYSTSPRT DD SYSOUT=*
//SYSTSIN  DD DATA,DLM=$$
 /* Remove a request left from an earlier renewal; a message */
 /* that the dataset does not exist is harmless */
 DELETE 'SYSADM.CERT.REQ'

 /* A request from the existing certificate and its key */
 RACDCERT GENREQ(LABEL('MY-CERT')) +
     ID(COZUSER) +
     DSN('SYSADM.CERT.REQ')

 /* The renewed certificate, signed with its own key */
 RACDCERT GENCERT('SYSADM.CERT.REQ') +
     ID(COZUSER) +
     WITHLABEL('MY-CERT') +
     NOTAFTER(DATE(2040-12-31)) +
     SIGNWITH(LABEL('MY-CERT'))

 /* Show the new validity dates */
 RACDCERT ID(COZUSER) LIST(LABEL('MY-CERT'))
$$
